/** One colour per compared step, in the order picked; readable on white and when overlapped. */
export const SET_COLORS = ['#4c6ef5', '#e8590c', '#2b8a3e', '#ae3ec9', '#0b7285'];
export const BAR_COLOR = '#4c6ef5';
export const EXTRA_BAR_COLOR = '#adb5bd';
