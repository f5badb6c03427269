import { expect } from '@esm-bundle/chai';
import { OPENING_TURN_MS, OpeningQueue, type EndTurn } from '../../src/engine/opening-queue.js';

describe('OpeningQueue', () => {
  /** Joins `count` sockets; `opened` lists, in order, those whose turn came. */
  function joinMany(queue: OpeningQueue, count: number) {
    const opened: number[] = [];
    const ends: EndTurn[] = Array.from({ length: count }, (_, i) => queue.join(() => opened.push(i)));
    return { opened, ends };
  }

  it('opens up to its limit at once, and the next one as soon as one ends', () => {
    const queue = new OpeningQueue(2);
    const { opened, ends } = joinMany(queue, 5);
    expect(opened).to.deep.equal([0, 1]);
    ends[1]!();
    expect(opened).to.deep.equal([0, 1, 2]);
    ends[1]!();
    expect(opened, 'a turn ended twice frees one place only').to.deep.equal([0, 1, 2]);
    ends[0]!();
    ends[2]!();
    expect(opened).to.deep.equal([0, 1, 2, 3, 4]);
  });

  it('drops a waiting socket that is no longer wanted without opening it', () => {
    const queue = new OpeningQueue(1);
    const { opened, ends } = joinMany(queue, 3);
    ends[1]!();
    ends[0]!();
    expect(opened).to.deep.equal([0, 2]);
  });

  it('lets a turn end from inside its own open (a socket the browser refused at once)', () => {
    const queue = new OpeningQueue(1);
    const opened: string[] = [];
    queue.join((end) => {
      opened.push('refused');
      end();
    });
    queue.join(() => opened.push('next'));
    expect(opened).to.deep.equal(['refused', 'next']);
  });

  it(`stops waiting for a socket still opening after ${OPENING_TURN_MS} ms`, async function () {
    this.timeout(OPENING_TURN_MS + 2000);
    const queue = new OpeningQueue(1);
    const { opened } = joinMany(queue, 2);
    await new Promise((resolve) => setTimeout(resolve, OPENING_TURN_MS - 300));
    expect(opened).to.deep.equal([0]);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(opened).to.deep.equal([0, 1]);
  });
});
