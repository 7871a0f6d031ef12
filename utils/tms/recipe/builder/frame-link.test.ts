import { describe, expect, it } from 'vitest';
import { frameLinkOrigin } from './frame-link';

const page = () => {
  document.body.innerHTML = `<table><tr><td><a id="fremd" href="http://detail.kombi.localhost:4646/rahmen/auftrag/o-1?sig=x" target="detail"><b>A-1</b></a></td>
<td><a id="gleich" href="/rahmen/auftrag/o-2?sig=y" target="detail">A-2</a></td><td><a id="tab" href="https://elsewhere.example/x" target="_blank">x</a></td>
<td><a id="js" href="javascript:void 0" target="detail">y</a></td></tr></table><iframe name="detail" title="Auftragsdetails"></iframe>`;
  return document;
};

describe('frameLinkOrigin', () => {
  it('names the origin an order link opens in the page’s frame, from a click anywhere in the link', () => {
    const doc = page();
    expect(frameLinkOrigin(doc.querySelector('#fremd b'), doc)).toBe('http://detail.kombi.localhost:4646');
    expect(frameLinkOrigin(doc.querySelector('#gleich'), doc)).toBe(location.origin);
  });

  it('ignores links into no frame of the page, and addresses that are no web page', () => {
    const doc = page();
    expect(frameLinkOrigin(doc.querySelector('#tab'), doc)).toBeNull();
    expect(frameLinkOrigin(doc.querySelector('#js'), doc)).toBeNull();
    expect(frameLinkOrigin(doc.querySelector('table'), doc)).toBeNull();
    expect(frameLinkOrigin(null, doc)).toBeNull();
  });
});
