// Django's URLify drops combining marks, which mangles Myanmar-script slugs
// ("မြန်မာ" would lose its vowel signs). Apply the server's rule instead
// (newsroom/text.py): keep letters, marks and digits of any script.
"use strict";
{
  const asciiURLify = window.URLify;
  window.URLify = function (text, maxLength, allowUnicode) {
    if (!allowUnicode) {
      return asciiURLify(text, maxLength, allowUnicode);
    }
    return text
      .normalize("NFC")
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}]+/gu, "-")
      .replace(/^-+/, "")
      .substring(0, maxLength)
      .replace(/-+$/, "");
  };
}
