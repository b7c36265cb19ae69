// The strings every widget shares, in English (the fallback of every other language). Keys named like the
// server's error codes are shown for those errors.
export default {
  retry: 'Retry',
  saving: 'Saving…',
  offline: 'Will be sent when you are back online',
  retrying: 'Not saved yet, trying again…',
  noSite: 'Kith is not set up on this page: the script tag has no data-site.',
  noSiteShort: 'Not set up',
  loadFailedShort: 'Not loaded',
  origin_not_allowed: 'This page ({origin}) may not use site {site}.',
  site_not_found: 'There is no Kith site “{site}”.',
};
