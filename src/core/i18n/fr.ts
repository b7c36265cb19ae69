export default {
  retry: 'Réessayer',
  saving: 'Enregistrement…',
  offline: 'Sera envoyé dès le retour de la connexion',
  retrying: 'Pas encore enregistré, nouvel essai…',
  noSite: 'Kith n’est pas configuré sur cette page\u202f: la balise script n’a pas de data-site.',
  noSiteShort: 'Non configuré',
  loadFailedShort: 'Non chargé',
  origin_not_allowed: 'Cette page ({origin}) n’a pas accès au site {site}.',
  site_not_found: 'Il n’existe aucun site Kith «\u00a0{site}\u00a0».',
};
