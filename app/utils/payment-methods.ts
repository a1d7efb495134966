/** How money moves, for payments out (payables) and in (receivables). Browser-safe. */
export const PAYMENT_METHODS = ["check", "ach", "wire", "card", "other"] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export const PAYMENT_METHOD_LABELS: Record<PaymentMethod, string> = {
  check: "Check",
  ach: "ACH",
  wire: "Wire",
  card: "Card",
  other: "Other",
};
