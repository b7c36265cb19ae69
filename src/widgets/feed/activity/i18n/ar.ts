export default {
  commented: 'علّق {author} على {subject}',
  commentedHere: 'علّق {author}',
  rated: { zero: 'قُيّم {subject} بلا نجوم', one: 'قُيّم {subject} بنجمة واحدة', two: 'قُيّم {subject} بنجمتين', few: 'قُيّم {subject} بـ {n} نجوم', many: 'قُيّم {subject} بـ {n} نجمة', other: 'قُيّم {subject} بـ {n} نجمة' },
  ratedHere: { zero: 'بلا نجوم', one: 'تقييم بنجمة واحدة', two: 'تقييم بنجمتين', few: 'تقييم بـ {n} نجوم', many: 'تقييم بـ {n} نجمة', other: 'تقييم بـ {n} نجمة' },
  tagged: 'أُضيف الوسم «{tag}» إلى {subject}',
  taggedHere: 'الوسم «{tag}»',
  byPeople: { zero: '{title} (من {n} شخص)', one: '{title} (من شخص واحد)', two: '{title} (من شخصين)', few: '{title} (من {n} أشخاص)', many: '{title} (من {n} شخصًا)', other: '{title} (من {n} شخص)' },
  byPeopleOrMore: { zero: '{title} (من {n} شخص أو أكثر)', one: '{title} (من شخص واحد أو أكثر)', two: '{title} (من شخصين أو أكثر)', few: '{title} (من {n} أشخاص أو أكثر)', many: '{title} (من {n} شخصًا أو أكثر)', other: '{title} (من {n} شخص أو أكثر)' },
};
