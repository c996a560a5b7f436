const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A UUID as Crisp writes its ids (websites, people, articles). Apart from the catalog, so settings and prompts check ids without loading it. */
export const isUuid = (value: string): boolean => UUID.test(value);
