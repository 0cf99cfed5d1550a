import { nameParts } from './name-parts';

/** A device's name that, when cut to fit, loses its middle and keeps the qualifier that tells it apart. */
export function FittedName({ name, className }: { readonly name: string; readonly className?: string }) {
  const { head, tail } = nameParts(name);
  return (
    <span className={`fitted-name ${className ?? ''}`} title={name}>
      <span className="fitted-head">{head}</span>
      {tail && <span className="fitted-tail">{tail}</span>}
    </span>
  );
}
