/**
 * The api-versions the server accepts, per resource provider: the ones today's SDKs send
 * (arm-resources 7: 2025-04-01, arm-network 36: 2025-05-01, arm-compute 24: 2026-03-01,
 * arm-privatedns 3.2: 2020-06-01, arm-dns 5: 2018-05-01) and recent neighbours. Answers
 * are shaped after the newest.
 */
export const API_VERSIONS = {
  resources: ['2025-04-01', '2024-11-01', '2024-07-01', '2024-03-01', '2023-07-01', '2022-09-01', '2021-04-01'],
  subscriptions: ['2022-12-01', '2021-01-01', '2020-01-01', '2016-06-01'],
  network: ['2025-05-01', '2025-03-01', '2025-01-01', '2024-10-01', '2024-07-01', '2024-05-01', '2024-03-01', '2024-01-01', '2023-11-01', '2023-09-01'],
  compute: ['2026-03-01', '2025-04-01', '2024-11-01', '2024-07-01', '2024-03-01'],
  computeSkus: ['2021-07-01', '2019-04-01'],
  privateDns: ['2024-06-01', '2020-06-01', '2020-01-01', '2018-09-01'],
  dns: ['2023-07-01-preview', '2018-05-01', '2017-10-01', '2016-04-01'],
} as const;
