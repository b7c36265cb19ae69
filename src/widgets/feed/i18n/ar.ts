export default {
  label: 'موجز',
  loading: 'جارٍ تحميل الموجز…',
  empty: 'لا توجد عناصر بعد.',
  emptyActivity: 'لا يوجد نشاط بعد.',
  loadFailed: 'تعذّر تحميل الموجز.',
  newItems: { zero: 'لا عناصر جديدة', one: 'عنصر جديد واحد', two: 'عنصران جديدان', few: '{n} عناصر جديدة', many: '{n} عنصرًا جديدًا', other: '{n} عنصر جديد' },
  by: 'بقلم {author}',
  audio: 'صوت',
  video: 'فيديو',
  image: 'صورة',
  file: 'مرفق',
  enclosure: '{kind}، {size}',
};
