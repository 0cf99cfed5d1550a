import { useCities } from './cities-context';
import { useI18n } from '../i18n/i18n-context';

/** `<option>`s of every district the room watches (by name); grouped by city when it watches several. */
export function DistrictOptions() {
  const { cities } = useCities();
  const { lang } = useI18n();
  const options = (city: (typeof cities)[number]) =>
    city.districts.map((district) => (
      <option key={`${city.id}/${district.id}`} value={district.name}>
        {district.name}
      </option>
    ));
  if (cities.length === 1) return <>{options(cities[0]!)}</>;
  return (
    <>
      {cities.map((city) => (
        <optgroup key={city.id} label={city.names[lang]}>
          {options(city)}
        </optgroup>
      ))}
    </>
  );
}
