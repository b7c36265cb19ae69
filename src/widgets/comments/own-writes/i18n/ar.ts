// The texts of <kith-comments>' own-writes chunk (own-writes.ts): what the server's answer to the viewer's
// comment, edit, delete or vote says. Loaded with that chunk, at the first answer.
export default {
  failed: 'تعذّر نشر تعليقك.',
  duplicate_comment: 'سبق أن نشرت هذا التعليق.',
  comment_flood: 'أنت تعلّق بسرعة كبيرة. انتظر دقيقة ثم انشر مرة أخرى.',
  comment_not_found: 'التعليق الذي ترد عليه لم يعد موجودًا.',
  not_your_comment: 'يمكنك تغيير تعليقاتك فقط.',
  changeFailed: 'تعذّر حفظ تغييرك.',
  voteFailed: 'تعذّر حفظ تصويتك.',
  posted: 'نُشر تعليقك.',
  heldNotice: 'تعليقك بانتظار الإشراف.',
  removedNotice: 'حُذف التعليق.',
};
