/** One ARM error detail or error, as `{"error": {...}}` bodies carry them. */
export interface ArmErrorBody {
  code: string;
  message: string;
  target?: string;
  details?: ArmErrorBody[];
}

/**
 * An error the server answers with: an HTTP status and ARM's error body
 * (https://github.com/Azure/azure-resource-manager-rpc/blob/master/v1.0/common-api-details.md#error-response-content).
 */
export class ArmError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ArmErrorBody[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  /** The resource type or property the error is about, kept for the message only. */
  withTarget(target: string): ArmError {
    this.target = target;
    return this;
  }

  target?: string;

  body(): { error: ArmErrorBody } {
    return { error: { code: this.code, message: this.message, ...(this.target ? { target: this.target } : {}), details: this.details } };
  }
}

export const notFound = (type: string, name: string, resourceGroup: string) =>
  new ArmError(
    404,
    'ResourceNotFound',
    `The Resource '${type}/${name}' under resource group '${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  );

export const groupNotFound = (resourceGroup: string) => new ArmError(404, 'ResourceGroupNotFound', `Resource group '${resourceGroup}' could not be found.`);
