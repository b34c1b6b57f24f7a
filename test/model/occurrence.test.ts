import { describe, expect, it } from 'vitest';
import { countParticipants, type Attendee } from '../../src/model/occurrence.js';

const attendee = (email: string, over: Partial<Attendee> = {}): Attendee => ({
  email,
  name: null,
  response: 'accepted',
  role: 'required',
  isResource: false,
  ...over,
});

describe('model: occurrence', () => {
  describe('countParticipants', () => {
    it('counts people once, leaving out rooms and non-participants, with the organizer', () => {
      const attendees = [
        attendee('a@x.com'),
        attendee('b@x.com'),
        attendee('a@x.com'),
        attendee('room@x.com', { isResource: true }),
        attendee('fyi@x.com', { role: 'non-participant' }),
      ];
      expect(countParticipants({ attendees, organizer: 'org@x.com' })).toBe(3);
      expect(countParticipants({ attendees, organizer: 'b@x.com' })).toBe(2);
      expect(countParticipants({ attendees, organizer: null })).toBe(2);
      // Listed only as a room, the organizer still takes part.
      expect(countParticipants({ attendees, organizer: 'room@x.com' })).toBe(3);
    });

    it('counts a long list the same way', () => {
      const attendees = Array.from({ length: 40 }, (_, i) => attendee(`p${i % 30}@x.com`, { isResource: i === 3 }));
      expect(countParticipants({ attendees, organizer: 'p1@x.com' })).toBe(30);
      expect(countParticipants({ attendees, organizer: 'p3@x.com' })).toBe(30);
      expect(countParticipants({ attendees, organizer: 'org@x.com' })).toBe(31);
      expect(countParticipants({ attendees: attendees.slice(0, 30), organizer: 'org@x.com' })).toBe(30);
    });
  });
});
