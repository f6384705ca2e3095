/** The audit trail. `detail` holds ids and codes only, never names or free text about a person. */
export interface AuditEntry {
  at: Date;
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId?: string | null;
  detail?: Record<string, unknown>;
}

export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
}
