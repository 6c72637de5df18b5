/** A JSON primitive value. */
export type JsonPrimitive = string | number | boolean | null;
/** Any JSON value, as it appears in an Amazon States Language definition or a state's data. */
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };
