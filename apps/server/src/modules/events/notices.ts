import type { Lang } from '@lianxin/shared';

/** What the events module tells people, in the language of each recipient's account. */
export const NOTICES = {
  promoted: (lang: Lang, title: string, day: string | null) =>
    lang === 'en'
      ? {
          title: `You're in: ${title}`,
          body: `A place came free and you moved up from the wait list.${day ? ` Date: ${day}` : ''}`,
        }
      : { title: `候补成功：${title}`, body: `有名额空出来，您已从候补转为正式报名。${day ? `时间：${day}` : ''}` },
  occurrenceCancelled: (lang: Lang, title: string, day: string) =>
    lang === 'en'
      ? { title: `Cancelled: ${title}`, body: `"${title}" on ${day} has been cancelled.` }
      : { title: `活动取消：${title}`, body: `${day} 的“${title}”已取消。` },
  reminder: (lang: Lang, title: string, when: string, place: string) =>
    lang === 'en'
      ? { title: `Tomorrow: ${title}`, body: `${when}${place ? ` at ${place}` : ''}. Bring your ticket.` }
      : { title: `明天的活动：${title}`, body: `${when}${place ? `，地点：${place}` : ''}，请带好入场码。` },
  seriesCancelled: (lang: Lang, title: string) =>
    lang === 'en'
      ? { title: `Cancelled: ${title}`, body: `"${title}" has been cancelled; no further occurrences will take place.` }
      : { title: `活动取消：${title}`, body: `“${title}”已取消，之后的场次都不再举行。` },
};
