export default {
  retry: 'Erneut versuchen',
  saving: 'Wird gespeichert…',
  offline: 'Wird gesendet, sobald Sie wieder online sind',
  retrying: 'Noch nicht gespeichert, neuer Versuch…',
  noSite: 'Kith ist auf dieser Seite nicht eingerichtet: Dem Script-Tag fehlt data-site.',
  noSiteShort: 'Nicht eingerichtet',
  loadFailedShort: 'Nicht geladen',
  origin_not_allowed: 'Diese Seite ({origin}) darf die Site {site} nicht verwenden.',
  site_not_found: 'Es gibt keine Kith-Site „{site}“.',
};
