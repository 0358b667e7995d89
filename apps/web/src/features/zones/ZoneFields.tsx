import { ZONE_TYPES, type ZoneTypeName } from '@lianxin/shared';
import { useTranslation } from 'react-i18next';
import { Field } from '../../ui/Field';
import { SelectField } from '../../ui/SelectField';

export interface ZoneFieldValues {
  name: string;
  type: ZoneTypeName;
  maxClaims: number;
}

/**
 * A zone's name, type and claim places: the same fields when drawing a zone and when editing
 * one. `minPlaces` is the claims held (places cannot go below them), with its hint and error.
 */
export function ZoneFields(props: {
  value: ZoneFieldValues;
  onChange(v: ZoneFieldValues): void;
  minPlaces?: number;
  placesHint?: string;
  placesError?: string;
}) {
  const { t } = useTranslation('zones');
  const { value: v, onChange } = props;
  return (
    <>
      <Field
        name="name"
        label={t('drawName')}
        value={v.name}
        onChange={(e) => onChange({ ...v, name: e.target.value })}
        required
        maxLength={60}
      />
      <SelectField
        name="type"
        label={t('drawType')}
        value={v.type}
        onChange={(type) => onChange({ ...v, type: type as ZoneTypeName })}
        options={ZONE_TYPES.map((x) => ({ value: x, label: t(`types.${x}`) }))}
      />
      <Field
        name="maxClaims"
        label={t('drawMax')}
        type="number"
        min={props.minPlaces ?? 1}
        max={20}
        value={v.maxClaims}
        onChange={(e) => onChange({ ...v, maxClaims: Number(e.target.value) })}
        hint={props.placesHint}
        error={props.placesError}
      />
    </>
  );
}
