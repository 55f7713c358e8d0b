// MOJ Frontend ships no type declarations; the console uses one component.
declare module '@ministryofjustice/frontend' {
  export class SortableTable {
    constructor(root: Element);
  }
}
