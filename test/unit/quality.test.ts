import { expect } from '@esm-bundle/chai';
import { estimateMos, qualityBars } from '../../src/engine/media/quality.js';

describe('estimateMos', () => {
  it('rates a clean loopback call excellent', () => {
    const mos = estimateMos({ roundTripMs: 1, jitterMs: 0, lossPercent: 0 });
    expect(mos).to.be.within(4.3, 4.5);
    expect(qualityBars(mos)).to.equal(5);
  });
  it('drops with loss', () => {
    const clean = estimateMos({ roundTripMs: 50, jitterMs: 5, lossPercent: 0 });
    const lossy = estimateMos({ roundTripMs: 50, jitterMs: 5, lossPercent: 10 });
    expect(lossy).to.be.lessThan(clean - 0.5);
  });
  it('drops fast beyond 160 ms of effective delay', () => {
    const at150 = estimateMos({ roundTripMs: 260, jitterMs: 0, lossPercent: 0 });
    const at400 = estimateMos({ roundTripMs: 780, jitterMs: 0, lossPercent: 0 });
    expect(at150 - at400).to.be.greaterThan(0.8);
  });
  it('stays within 1 to 4.5 however bad the figures', () => {
    expect(estimateMos({ roundTripMs: 10_000, jitterMs: 1000, lossPercent: 100 })).to.equal(1);
  });
});

describe('qualityBars', () => {
  const cases: Array<[number, number]> = [
    [4.4, 5],
    [4.1, 4],
    [3.7, 3],
    [3.2, 2],
    [2.0, 1],
  ];
  for (const [mos, bars] of cases) {
    it(`shows ${bars} bars for MOS ${mos}`, () => expect(qualityBars(mos)).to.equal(bars));
  }
});
