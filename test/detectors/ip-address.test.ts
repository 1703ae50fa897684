import { describe, expect, it } from 'vitest';
import { isIPv4, isIPv6 } from '../../src/detect/validators/ip.js';
import { find, values } from '../helpers.js';

describe('IP_ADDRESS', () => {
  it.each([
    ['203.0.113.45', '203.0.113.45'],
    ['0.0.0.0', '0.0.0.0'],
    ['255.255.255.255', '255.255.255.255'],
    ['ip 10.0.0.1:8080', '10.0.0.1'],
    ['net 10.0.0.0/8', '10.0.0.0/8'], // a CIDR prefix is part of the address as written
    ['Subnet: 192.168.1.0/24.', '192.168.1.0/24'],
    ['10.0.0.0/33', '10.0.0.0'], // not a prefix length: left outside
    ['2001:db8::/32', '2001:db8::/32'],
    ['fe80::1%eth0/64', 'fe80::1%eth0/64'],
    ['(192.168.1.20)', '192.168.1.20'],
    ['IP:192.168.1.20,', '192.168.1.20'],
    ['host 192.168.1.20.', '192.168.1.20'],
    ['आईपी192.168.1.20', '192.168.1.20'],
    ['2001:0db8:85a3:0000:0000:8a2e:0370:7334', '2001:0db8:85a3:0000:0000:8a2e:0370:7334'],
    ['2001:db8::8a2e:370:7334', '2001:db8::8a2e:370:7334'],
    ['loopback ::1', '::1'],
    ['fe80::1%eth0', 'fe80::1%eth0'], // zone index inside the span
    ['[2001:db8::1]:443', '2001:db8::1'],
    ['mapped ::ffff:192.0.2.128.', '::ffff:192.0.2.128'],
    ['2001:DB8::ABCD', '2001:DB8::ABCD'],
  ])('finds %s', (text, value) => {
    expect(values(text, 'IP_ADDRESS')).toEqual([value]);
  });

  it.each([
    ['256.1.1.1'], // octet over 255
    ['1.2.3.999'],
    ['01.02.03.04'], // leading zeros: octal to some parsers
    ['192.168.001.1'],
    ['1.2.3.4.5'], // five parts
    ['1.2.3'], // three parts (a date 15.01.2024 too)
    ['v1.2.3.4'], // glued to a letter
    ['release version 1.2.3.4 is out'], // negative context
    ['see section 1.2.3.4'],
    ['10:30:45'], // time
    ['2024-01-15 10:30:45'],
    ['00:1A:2B:3C:4D:5E'], // MAC address
    ['a :: b'], // bare '::' carries nothing
    ['2001:db8:::1'], // malformed
    ['1:2:3:4:5:6:7:8:9'], // nine groups
    ['std::vector'],
  ])('rejects %s', (text) => {
    expect(values(text, 'IP_ADDRESS')).toEqual([]);
  });

  it('scores higher with an IP word nearby, as a whole word only', () => {
    const bare = find('at 203.0.113.45', 'IP_ADDRESS')[0]!;
    expect(find('ip 203.0.113.45', 'IP_ADDRESS')[0]!.score).toBeGreaterThan(bare.score);
    expect(find('zip 203.0.113.45', 'IP_ADDRESS')[0]!.score).toBe(bare.score);
  });

  it.each([
    ['1.2.3.4', true], ['0.0.0.0', true], ['1.2.3.04', false], ['256.0.0.1', false], ['::1', false],
  ])('isIPv4(%s) = %s', (s, ok) => expect(isIPv4(s)).toBe(ok));
  it.each([
    ['::1', true], ['::', false], ['::ffff:1.2.3.4', true], ['1.2.3.4', false], ['12:30:45', false],
  ])('isIPv6(%s) = %s', (s, ok) => expect(isIPv6(s)).toBe(ok));
});
