// GraphiQL 5.4 marks its operation tabs up as a tablist of `li role="tab"` each holding buttons (the tab's title,
// its close): interactive controls inside an interactive role, which axe reports as `nested-interactive`
// (serious) and screen readers announce badly. The strip is made what it works as: a list of buttons, the open
// operation's marked `aria-current`. React keeps the attributes it rendered unless their values change; what it
// renders anew (another tab) is corrected by the observer.

/** Corrects the tab strip under `root` now and whenever GraphiQL renders it again. */
export function fixGraphiqlTabs(root: HTMLElement): MutationObserver {
  const fix = () => {
    for (const list of root.querySelectorAll('ul.graphiql-tabs[role="tablist"]')) list.removeAttribute('role');
    for (const tab of root.querySelectorAll('li.graphiql-tab')) {
      if (tab.hasAttribute('role')) tab.removeAttribute('role');
      if (tab.hasAttribute('aria-selected')) tab.removeAttribute('aria-selected');
      const button = tab.querySelector('.graphiql-tab-button');
      const current = tab.classList.contains('graphiql-tab-active');
      if (!button || button.hasAttribute('aria-current') === current) continue;
      if (current) button.setAttribute('aria-current', 'true');
      else button.removeAttribute('aria-current');
    }
  };
  const observer = new MutationObserver(fix);
  observer.observe(root, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['role', 'aria-selected', 'class'],
  });
  fix();
  return observer;
}
