export default {
  retry: 'Reintentar',
  saving: 'Guardando…',
  offline: 'Se enviará cuando vuelvas a estar en línea',
  retrying: 'Aún no se ha guardado; reintentando…',
  noSite: 'Kith no está configurado en esta página: a la etiqueta script le falta data-site.',
  noSiteShort: 'Sin configurar',
  loadFailedShort: 'No cargado',
  origin_not_allowed: 'Esta página ({origin}) no puede usar el sitio {site}.',
  site_not_found: 'No existe ningún sitio de Kith «{site}».',
};
