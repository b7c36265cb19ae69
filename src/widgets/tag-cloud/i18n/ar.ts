// Arabic has all six plural forms: zero (0), one (1), two (2), few (3–10), many (11–99), other (100–102, …).
export default {
  loading: 'جارٍ تحميل الوسوم…',
  none: 'لا توجد وسوم بعد',
  used: {
    zero: '{tag}، لم يُستخدم',
    one: '{tag}، استُخدم مرة واحدة',
    two: '{tag}، استُخدم مرتين',
    few: '{tag}، استُخدم {n} مرات',
    many: '{tag}، استُخدم {n} مرة',
    other: '{tag}، استُخدم {n} مرة',
  },
  subjectTags: 'الوسوم',
  cloud: 'سحابة الوسوم',
  trending: 'الوسوم الصاعدة',
  // Written after the number: in right-to-left text it then shows as “+٣”, the sign before the number.
  more: '{n}+',
  moreLabel: { zero: 'لا وسوم أخرى', one: 'وسم آخر', two: 'وسمان آخران', few: '{n} وسوم أخرى', many: '{n} وسمًا آخر', other: '{n} وسم آخر' },
  order: 'الترتيب',
  popular: 'الأكثر استخدامًا',
  alphabetical: 'أبجديًا',
  remove: 'إزالة الوسم {tag}',
  tagAnotherWith: 'وسم سجل آخر بـ {tag}…',
  loadFailed: 'تعذّر تحميل الوسوم.',
  stale: 'تُعرض وسوم محفوظة: تعذّر الوصول إلى الخادم.',
  badSubject: 'موضوع سحابة الوسوم هذه غير صالح.',
  signInAgain: 'يُرجى تسجيل الدخول مرة أخرى لإضافة وسوم.',
  guests_not_allowed: 'سجّل الدخول لإضافة وسوم.',
};
