/** Where time comes from. Tests move it; nothing in core/ reads the system clock. */
export interface Clock {
  now(): Date;
}
