/** 167936 -> 167,936 (by hand: the same bytes on every platform). */
export const grouped = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
