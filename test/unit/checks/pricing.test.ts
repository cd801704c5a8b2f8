// The price table: every key resolves in every commercial region, with its basis stated; list prices are
// the ones transcribed from AWS's price feed (the source named next to each key).
import { describe, expect, it } from 'vitest';
import { COMMERCIAL_REGIONS, createPriceBook, listPrice, PRICE_KEYS, PRICES, priceOverridesSchema } from '../../../checks/pricing.js';
import { parseConfig } from '../../../scanner/config.js';

describe('the price table', () => {
  it('resolves every key in every commercial region to a positive price with its basis', () => {
    for (const key of PRICE_KEYS) {
      for (const region of COMMERCIAL_REGIONS) {
        const price = listPrice(key, region);
        expect(Number.isFinite(price.usd) && price.usd > 0, `${key} in ${region}`).toBe(true);
        expect(['list', 'same', 'estimate', 'us-east-1'], `${key} in ${region}`).toContain(price.basis);
      }
      expect(PRICES[key].source, key).toMatch(/^https:\/\/aws\.amazon\.com\//);
      expect(PRICES[key].list['us-east-1'], key).toBeGreaterThan(0);
    }
  });

  it('holds the list prices read from AWS\'s price feed', () => {
    // NAT gateway: hourly and per-GB prices are equal, per region (feed of 2025-10-28).
    expect(listPrice('vpc.natGateway.hour', 'ap-south-1')).toMatchObject({ usd: 0.056, basis: 'list' });
    expect(listPrice('vpc.natGateway.gbProcessed', 'me-south-1')).toMatchObject({ usd: 0.0528, basis: 'list' });
    expect(listPrice('vpc.natGateway.hour', 'ap-southeast-6')).toMatchObject({ usd: 0.06195, basis: 'list' });
    for (const region of COMMERCIAL_REGIONS) expect(listPrice('vpc.natGateway.hour', region).basis, region).toBe('list');
    // Public IPv4: 0.005 everywhere.
    expect(listPrice('vpc.publicIpv4.hour', 'eu-central-2')).toMatchObject({ usd: 0.005, basis: 'same' });
    // EKS extended support surcharge: 0.50 per cluster-hour in every commercial region (feed of 2025-10-28).
    for (const region of COMMERCIAL_REGIONS) expect(listPrice('eks.extendedSupport.clusterHour', region), region).toMatchObject({ usd: 0.5 });
    expect(listPrice('eks.extendedSupport.clusterHour', 'af-south-1').basis).toBe('same');
    // EBS: io1 does not scale like gp2 (us-west-1 0.138, not 0.15).
    expect(listPrice('ebs.io1.gbMonth', 'us-west-1')).toMatchObject({ usd: 0.138, basis: 'list' });
    expect(listPrice('ebs.gp2.gbMonth', 'us-west-1')).toMatchObject({ usd: 0.12, basis: 'list' });
    expect(listPrice('ebs.sc1.gbMonth', 'eu-north-1').usd).toBe(0.01596);
    // CloudWatch Logs storage ("Stored Data"): every commercial region from the feed, not one price.
    for (const region of COMMERCIAL_REGIONS) expect(listPrice('logs.storage.gbMonth', region).basis, region).toBe('list');
    expect(listPrice('logs.storage.gbMonth', 'us-east-1').usd).toBe(0.03);
    expect(listPrice('logs.storage.gbMonth', 'ap-northeast-1').usd).toBe(0.033);
    expect(listPrice('logs.storage.gbMonth', 'sa-east-1').usd).toBe(0.0408);
    expect(listPrice('logs.storage.gbMonth', 'eu-north-1').usd).toBe(0.028);
    expect(listPrice('logs.storage.gbMonth', 'us-gov-west-1')).toMatchObject({ usd: 0.03, basis: 'us-east-1' });
  });

  it('marks estimates and fallbacks instead of presenting them as list prices', () => {
    expect(listPrice('ebs.gp2.gbMonth', 'eu-central-1')).toMatchObject({ usd: 0.119, basis: 'estimate' });
    expect(listPrice('ebs.gp2.gbMonth', 'ap-southeast-7')).toMatchObject({ usd: 0.1, basis: 'us-east-1' });
    expect(listPrice('vpc.natGateway.hour', 'xx-nowhere-1')).toMatchObject({ usd: 0.045, basis: 'us-east-1' });
  });

  it('applies overrides, a region\'s own over "*"', () => {
    const book = createPriceBook({ '*': { 'ebs.gp3.gbMonth': 0.07 }, 'eu-west-1': { 'ebs.gp3.gbMonth': 0.09 } });
    expect(book.resolve('ebs.gp3.gbMonth', 'us-east-1')).toMatchObject({ usd: 0.07, basis: 'override' });
    expect(book.get('ebs.gp3.gbMonth', 'eu-west-1')).toBe(0.09);
    expect(book.get('ebs.gp2.gbMonth', 'eu-west-1')).toBe(0.11);
  });

  it('derives the configuration file\'s override schema from the table', () => {
    expect(parseConfig({ prices: { 'eu-west-1': { 'vpc.natGateway.hour': 0.05 } } }).prices).toEqual({ 'eu-west-1': { 'vpc.natGateway.hour': 0.05 } });
    expect(() => parseConfig({ prices: { '*': { natGatewayHour: 0.05 } } })).toThrow(/prices\.\*: .*natGatewayHour/);
    expect(() => parseConfig({ prices: { 'eu-west-1': { 'vpc.natGateway.hour': -1 } } })).toThrow(/prices\.eu-west-1\.vpc\.natGateway\.hour/);
    expect(priceOverridesSchema.safeParse({ Ireland: {} }).success).toBe(false);
  });
});
