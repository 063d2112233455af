// Page changes without a reload. Every page is rendered on the server and every form posts to
// it (pages work without JavaScript); with JavaScript this script fetches the next page, or
// posts the form, and swaps the page's <body>, then hydrates the new page's islands. A
// redirect comes back as 204 with `Hallway-Location` (server/src/http/navigation.rs), so its
// #fragment survives. Anything that is not a page (a file, a failed request) falls back to
// what the browser does without this script. Served as `/pkg/hallway.<hash>_nav.js`
// (scripts/build.sh), loaded by every page (`app.rs`).
(() => {
  if (!window.fetch || !window.DOMParser || !window.FormData || !history.pushState) return;
  let current = null;
  let posting = false;
  let shown = location.pathname + location.search;

  // Files (feeds, CSV, XML, images) and server functions load as they are.
  const isPage = (url) => url.origin === location.origin && !url.pathname.startsWith('/api/')
    && !/\.[a-z0-9]+$/i.test(url.pathname);

  async function hydrate(node, callbacks) {
    if (node.nodeType !== 1 || node.hallwayKept) return;
    if (node.localName === 'leptos-island') {
      const parent = callbacks[callbacks.length - 1];
      if (parent) parent();
      await window.__hydrateIsland(node, node.dataset.component);
    } else if (node.localName === 'leptos-children') {
      callbacks = [...callbacks, node.$$on_hydrate];
    }
    for (const child of node.children) await hydrate(child, callbacks);
  }

  function show(page, url, push, hash) {
    if (push && url !== location.href) history.pushState({}, '', url);
    shown = location.pathname + location.search;
    document.title = page.title;
    // A part marked `data-keep` (the door's camera) stays as it is, state and all.
    for (const kept of document.querySelectorAll('[data-keep][id]')) {
      const incoming = page.getElementById(kept.id);
      if (incoming && incoming.hasAttribute('data-keep')) {
        kept.hallwayKept = true;
        incoming.replaceWith(kept);
      }
    }
    const body = document.adoptNode(page.body);
    document.documentElement.replaceChild(body, document.body);
    const focus = body.querySelector('[autofocus]');
    const anchor = hash && document.getElementById(decodeURIComponent(hash.slice(1)));
    if (focus) {
      focus.scrollIntoView({ block: 'center' });
      focus.focus({ preventScroll: true });
    } else if (anchor) {
      anchor.scrollIntoView();
    } else {
      window.scrollTo(0, 0);
    }
    // The islands hydrate in microtasks, before any click or key press is handled.
    if (window.__hydrateIsland) {
      body.setAttribute('data-hydrated', 'true');
      hydrate(body, []);
    }
  }

  // Asks for `url` (GET, or `init` for a form's post) and shows the answer; `fallback` does
  // what the browser would have done without this script.
  async function visit(url, init, push, fallback) {
    if (current) current.abort();
    const mine = new AbortController();
    current = mine;
    document.documentElement.setAttribute('aria-busy', 'true');
    try {
      const response = await fetch(url, {
        method: 'GET', ...init, signal: mine.signal, credentials: 'same-origin',
        headers: { 'Hallway-Navigation': '1', Accept: 'text/html' },
      });
      const next = response.headers.get('Hallway-Location');
      if (next !== null) {
        const target = new URL(next, url);
        current = null;
        return visit(target.href, {}, true, () => location.assign(target.href));
      }
      if (!(response.headers.get('Content-Type') || '').startsWith('text/html')) throw new Error('not a page');
      const page = new DOMParser().parseFromString(await response.text(), 'text/html');
      if (current !== mine) return;
      // A refused form comes back as the same page with the error: the address stays.
      const asked = new URL(url, location.href);
      const landed = init.method === 'POST' ? location.href : response.url.replace(/#.*$/, '') + asked.hash;
      show(page, landed, push && init.method !== 'POST', asked.hash);
    } catch (error) {
      if (mine.signal.aborted) return;
      fallback();
    } finally {
      if (current === mine) {
        current = null;
        document.documentElement.removeAttribute('aria-busy');
      }
    }
  }

  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey
      || event.shiftKey || event.altKey) return;
    const link = event.target.closest && event.target.closest('a[href]');
    if (!link || (link.target && link.target !== '_self') || link.hasAttribute('download')) return;
    const url = new URL(link.href, location.href);
    if (!isPage(url)) return;
    // A link within the page only scrolls.
    if (url.hash && url.pathname + url.search === location.pathname + location.search) return;
    event.preventDefault();
    visit(url.href, {}, true, () => location.assign(url.href));
  });

  document.addEventListener('submit', (event) => {
    if (event.defaultPrevented) return;
    const form = event.target;
    const submitter = event.submitter;
    const attr = (name) => (submitter && submitter.getAttribute('form' + name)) || form.getAttribute(name);
    const url = new URL(attr('action') || location.href, location.href);
    if (!isPage(url) || (form.target && form.target !== '_self')) return;
    const data = new FormData(form);
    if (submitter && submitter.name) data.append(submitter.name, submitter.value);
    event.preventDefault();
    // A second click while a post is on its way would post twice.
    if (posting) return;
    const native = () => {
      if (submitter && submitter.name) {
        const input = Object.assign(document.createElement('input'), { type: 'hidden', name: submitter.name, value: submitter.value });
        form.append(input);
      }
      HTMLFormElement.prototype.submit.call(form);
    };
    if ((attr('method') || 'get').toLowerCase() !== 'post') {
      url.search = new URLSearchParams(data).toString();
      visit(url.href, {}, true, native);
    } else {
      const multipart = (attr('enctype') || '').toLowerCase() === 'multipart/form-data';
      posting = true;
      visit(url.href, { method: 'POST', body: multipart ? data : new URLSearchParams(data) }, true, native)
        .finally(() => { posting = false; });
    }
  });

  window.addEventListener('popstate', () => {
    // Moving between #anchors of one page is not a page change.
    if (location.pathname + location.search === shown) return;
    visit(location.href, {}, false, () => location.reload());
  });
})();
