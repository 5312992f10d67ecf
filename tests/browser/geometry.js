([rtl, maxGap]) => {
  // Measures one rendered page for tests/browser/test_geometry.py; returns what is wrong.
  // rtl: the page is right to left; maxGap: the most pixels allowed between a control and its label.
  const problems = [];
  const shown = (el) => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== "hidden";
  };
  const textRects = (root) => {
    const rects = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      rects.push(...[...range.getClientRects()].filter((r) => r.width > 0));
    }
    return rects;
  };
  const describe = (el) => (el.id ? "#" + el.id : el.name + "=" + el.value);
  let controls = 0;

  for (const input of document.querySelectorAll("input[type=checkbox], input[type=radio]")) {
    const label = input.labels && input.labels[0];
    if (!label || !shown(label)) continue;
    const rects = textRects(label);
    if (!rects.length) continue;
    const top = Math.min(...rects.map((r) => r.top));
    const line = rects.filter((r) => r.top < top + 2);
    const lineTop = top, lineBottom = Math.max(...line.map((r) => r.bottom));
    const textLeft = Math.min(...line.map((r) => r.left)), textRight = Math.max(...line.map((r) => r.right));
    const box = input.getBoundingClientRect();
    controls += 1;
    const middle = (box.top + box.bottom) / 2;
    const gap = rtl ? box.left - textRight : textLeft - box.right;
    if (middle < lineTop || middle > lineBottom) {
      problems.push(`${describe(input)} is not on its label's first line (control ${Math.round(box.top)}..${Math.round(box.bottom)}, text ${Math.round(lineTop)}..${Math.round(lineBottom)})`);
    } else if (gap < -2 || gap > maxGap) {
      problems.push(`${describe(input)} is ${Math.round(gap)} px from its label's text (${rtl ? "right" : "left"} side expected)`);
    }
  }

  const lists = {};
  const path = (el) => {
    const parts = [];
    for (; el && el !== document.body; el = el.parentElement) {
      const same = [...el.parentElement.children].filter((c) => c.tagName === el.tagName);
      parts.unshift(el.tagName.toLowerCase() + (el.id ? "#" + el.id : `:nth-of-type(${same.indexOf(el) + 1})`));
    }
    return parts.join(" > ");
  };
  const px = (style, name) => parseFloat(style[name]) || 0;
  for (const list of document.querySelectorAll("ul, ol")) {
    const item = list.querySelector(":scope > li");
    if (!item || !shown(item) || !list.parentElement) continue;
    const outer = list.parentElement.getBoundingClientRect(), outerStyle = getComputedStyle(list.parentElement);
    const inner = item.getBoundingClientRect(), innerStyle = getComputedStyle(item);
    lists[path(list)] = rtl
      ? (outer.right - px(outerStyle, "paddingRight") - px(outerStyle, "borderRightWidth"))
        - (inner.right - px(innerStyle, "paddingRight") - px(innerStyle, "borderRightWidth"))
      : (inner.left + px(innerStyle, "paddingLeft") + px(innerStyle, "borderLeftWidth"))
        - (outer.left + px(outerStyle, "paddingLeft") + px(outerStyle, "borderLeftWidth"));
  }

  const numbers = [];
  const grouped = /\p{Nd}+(?:[ \u00a0.,\-\/:]\p{Nd}+)+/gu;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest("script, style, template, [hidden]") || !shown(parent)) continue;
    for (const match of node.textContent.matchAll(grouped)) {
      const lefts = [], tops = [];
      for (const digits of match[0].matchAll(/\p{Nd}+/gu)) {
        const range = document.createRange();
        range.setStart(node, match.index + digits.index);
        range.setEnd(node, match.index + digits.index + digits[0].length);
        const rect = [...range.getClientRects()].find((r) => r.width > 0);
        if (!rect) break;
        lefts.push(rect.left); tops.push(rect.top);
      }
      if (lefts.length < 2 || Math.max(...tops) - Math.min(...tops) > 2) continue;  // wrapped
      numbers.push(match[0]);
      if (lefts.some((left, i) => i > 0 && left <= lefts[i - 1])) {
        problems.push(`"${match[0]}" is drawn with its digit groups out of order in "${node.textContent.trim().slice(0, 80)}"`);
      }
    }
  }
  return {problems, lists, numbers, controls};
}
