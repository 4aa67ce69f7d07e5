// Every entity is a JSON document with an id and an owning company ('' = public, readable by all companies).
export interface Doc {
  id: string
  company: string
  [field: string]: unknown
}
