/** What a person is told when a form's body cannot be taken as the page sent it. */
export const FORM_MESSAGES = {
  unknownField: "Форма содержит поле, которого нет на странице: отправьте форму со страницы ещё раз.",
  notUtf8: "Форма содержит символы не в кодировке UTF-8: отправьте форму со страницы ещё раз.",
  unreadable: "Форму не удалось прочитать: отправьте её со страницы ещё раз.",
} as const;
