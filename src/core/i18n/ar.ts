export default {
  retry: 'إعادة المحاولة',
  saving: 'جارٍ الحفظ…',
  offline: 'سيُرسَل عند عودتك إلى الاتصال',
  retrying: 'لم يُحفَظ بعد، جارٍ إعادة المحاولة…',
  noSite: 'لم يُعَدّ Kith في هذه الصفحة: وسم script لا يحتوي على data-site.',
  noSiteShort: 'غير مُعَدّ',
  loadFailedShort: 'لم يُحمَّل',
  origin_not_allowed: 'لا يُسمح لهذه الصفحة ({origin}) باستخدام الموقع {site}.',
  site_not_found: 'لا يوجد موقع Kith باسم «{site}».',
};
