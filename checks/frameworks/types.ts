/** A framework's controls, transcribed from its source page: control id → title as the source gives it. */
export interface StandardDefinition {
  id: string;
  title: string;
  version?: string;
  /** The page the controls were transcribed from. */
  source: string;
  /** When the source was read (YYYY-MM-DD). */
  retrieved: string;
  controls: Readonly<Record<string, string>>;
}
