import { z } from 'zod';
import type { ServiceContext } from '../services/context';
import { customerUsage } from '../services/customer-usage';
import { issueLicense } from '../services/issue-license';
import { licenseDownload } from '../services/license-download';
import { defineRoute, type AnyRouteSpec } from './route';
import {
  ActivationResponse,
  CustomerBody,
  CustomerFilterQuery,
  CustomerResponse,
  CustomerUsageResponse,
  IdParams,
  IssueLicenseBody,
  LicenseResponse,
  NextCursor,
  PageQuery,
  RevokeBody,
  SubscriptionBody,
  SubscriptionPatchBody,
  SubscriptionResponse,
} from './schemas';

const DAY_MS = 86_400_000;

/** The admin JSON API: customers, subscriptions, licenses, activations and usage. */
export function adminRoutes(ctx: ServiceContext): AnyRouteSpec[] {
  const { store } = ctx;
  return [
    defineRoute({
      method: 'GET',
      url: '/v1/admin/customers',
      operationId: 'listCustomers',
      summary: 'List customers, a page at a time',
      tag: 'admin',
      access: 'admin',
      query: PageQuery,
      responses: { 200: { description: 'Customers by name.', schema: z.object({ customers: z.array(CustomerResponse), nextCursor: NextCursor }) } },
      handler: async ({ query }) => {
        const page = await store.customers.page(query);
        return { customers: page.items, nextCursor: page.nextCursor };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/admin/customers',
      operationId: 'createCustomer',
      summary: 'Create a customer',
      tag: 'admin',
      access: 'admin',
      body: CustomerBody,
      responses: { 201: { description: 'Created.', schema: CustomerResponse }, 409: { description: 'A customer with this name exists.' } },
      handler: async ({ body, reply }) => {
        reply.code(201);
        return store.customers.create({ name: body.name, email: body.email ?? null }, ctx.now());
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/admin/customers/:id',
      operationId: 'getCustomer',
      summary: 'A customer with subscriptions, licenses and usage',
      tag: 'admin',
      access: 'admin',
      params: IdParams,
      responses: {
        200: {
          description: 'The customer.',
          schema: z.object({
            customer: CustomerResponse,
            subscriptions: z.array(SubscriptionResponse),
            licenses: z.array(LicenseResponse),
            usage: CustomerUsageResponse,
          }),
        },
        404: { description: 'No such customer.' },
      },
      handler: async ({ params }) => ({
        customer: await store.customers.get(params.id),
        subscriptions: await store.subscriptions.list({ customerId: params.id }),
        licenses: await store.licenses.list({ customerId: params.id }),
        usage: await customerUsage(ctx, params.id),
      }),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/admin/customers/:id/usage',
      operationId: 'getCustomerUsage',
      summary: "Latest node count of each of the customer's activated clusters, against the entitlement",
      tag: 'admin',
      access: 'admin',
      params: IdParams,
      responses: { 200: { description: 'Usage.', schema: CustomerUsageResponse }, 404: { description: 'No such customer.' } },
      handler: async ({ params }) => customerUsage(ctx, params.id),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/admin/subscriptions',
      operationId: 'listSubscriptions',
      summary: 'List subscriptions, optionally of one customer, a page at a time',
      tag: 'admin',
      access: 'admin',
      query: CustomerFilterQuery,
      responses: {
        200: { description: 'Subscriptions, oldest first.', schema: z.object({ subscriptions: z.array(SubscriptionResponse), nextCursor: NextCursor }) },
      },
      handler: async ({ query }) => {
        const page = await store.subscriptions.page({ customerId: query.customerId }, query);
        return { subscriptions: page.items, nextCursor: page.nextCursor };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/admin/subscriptions',
      operationId: 'createSubscription',
      summary: 'Create a subscription (plan, nodes, term) for a customer',
      tag: 'admin',
      access: 'admin',
      body: SubscriptionBody,
      responses: { 201: { description: 'Created, active.', schema: SubscriptionResponse }, 404: { description: 'No such customer.' } },
      handler: async ({ body, reply }) => {
        await store.customers.get(body.customerId);
        const startsAt = body.startsAt ? new Date(body.startsAt) : ctx.now();
        reply.code(201);
        return store.subscriptions.create(
          {
            customerId: body.customerId,
            plan: body.plan,
            nodes: body.nodes,
            features: body.features,
            startsAt,
            endsAt: new Date(startsAt.getTime() + body.termDays * DAY_MS),
            graceDays: body.graceDays,
          },
          ctx.now(),
        );
      },
    }),
    defineRoute({
      method: 'PATCH',
      url: '/v1/admin/subscriptions/:id',
      operationId: 'updateSubscription',
      summary: 'Change the status of a subscription (active, suspended, cancelled)',
      tag: 'admin',
      access: 'admin',
      params: IdParams,
      body: SubscriptionPatchBody,
      responses: { 200: { description: 'Updated.', schema: SubscriptionResponse }, 404: { description: 'No such subscription.' } },
      handler: async ({ params, body }) => store.subscriptions.setStatus(params.id, body.status),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/admin/licenses',
      operationId: 'listLicenses',
      summary: 'List licenses, optionally of one customer, a page at a time',
      tag: 'admin',
      access: 'admin',
      query: CustomerFilterQuery,
      responses: { 200: { description: 'Licenses, newest first.', schema: z.object({ licenses: z.array(LicenseResponse), nextCursor: NextCursor }) } },
      handler: async ({ query }) => {
        const page = await store.licenses.page({ customerId: query.customerId }, query);
        return { licenses: page.items, nextCursor: page.nextCursor };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/admin/licenses',
      operationId: 'issueLicense',
      summary: 'Issue a signed license from an active subscription',
      tag: 'admin',
      access: 'admin',
      body: IssueLicenseBody,
      responses: {
        201: { description: 'Issued.', schema: LicenseResponse },
        404: { description: 'No such subscription.' },
        409: { description: 'The subscription is not active or has ended.' },
      },
      handler: async ({ body, reply }) => {
        reply.code(201);
        return issueLicense(ctx, body.subscriptionId);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/admin/licenses/:id',
      operationId: 'getLicense',
      summary: 'A license with its activations',
      tag: 'admin',
      access: 'admin',
      params: IdParams,
      responses: {
        200: { description: 'The license.', schema: z.object({ license: LicenseResponse, activations: z.array(ActivationResponse) }) },
        404: { description: 'No such license.' },
      },
      handler: async ({ params }) => ({ license: await store.licenses.get(params.id), activations: await store.activations.listByLicense(params.id) }),
    }),
    defineRoute({
      method: 'POST',
      url: '/v1/admin/licenses/:id/revoke',
      operationId: 'revokeLicense',
      summary: 'Revoke a license; validation answers REVOKED from then on',
      tag: 'admin',
      access: 'admin',
      params: IdParams,
      body: RevokeBody,
      responses: {
        200: { description: 'Revoked (revoking again keeps the first reason).', schema: LicenseResponse },
        404: { description: 'No such license.' },
      },
      handler: async ({ params, body }) => {
        await store.licenses.get(params.id);
        return store.licenses.revoke(params.id, body.reason, ctx.now());
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/admin/licenses/:id/download',
      operationId: 'downloadLicense',
      summary: 'Download a license as a file for the customer',
      tag: 'admin',
      access: 'admin',
      params: IdParams,
      responses: {
        200: { description: 'The license file.', schema: z.string(), contentType: 'application/x-strata-license' },
        404: { description: 'No such license.' },
      },
      handler: async ({ params, reply }) => {
        const file = await licenseDownload(ctx, params.id);
        reply.header('content-type', 'application/x-strata-license; charset=utf-8').header('content-disposition', `attachment; filename="${file.fileName}"`);
        return file.content;
      },
    }),
  ].map((route) => route as AnyRouteSpec);
}
