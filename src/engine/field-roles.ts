/**
 * Which settings fields play the parts the correction rules know: the person's name, date of
 * birth, ID (the field both sides have: person_id ↔ citizen_id), old ID (a register-only ID
 * field) and gender. Found by field type, so any settings file with such fields gets corrections;
 * a role no field plays is simply not corrected.
 */
import { fieldColumn, type Settings } from '../model/settings-schema.js';

export interface FieldRole {
  field: string;
  leftColumn: string | undefined;
  rightColumn: string | undefined;
}

export interface FieldRoles {
  name?: FieldRole;
  dob?: FieldRole;
  id?: FieldRole;
  oldId?: FieldRole;
  gender?: FieldRole;
}

export function fieldRoles(settings: Settings): FieldRoles {
  const roles: FieldRoles = {};
  const role = (name: string): FieldRole => {
    const f = settings.fields.find((x) => x.name === name)!;
    return { field: f.name, leftColumn: fieldColumn(f, 'left'), rightColumn: fieldColumn(f, 'right') };
  };
  for (const f of settings.fields) {
    const both = fieldColumn(f, 'left') !== undefined && fieldColumn(f, 'right') !== undefined;
    if (f.type === 'name' && both) roles.name ??= role(f.name);
    else if (f.type === 'date' && both) roles.dob ??= role(f.name);
    else if (f.type === 'gender' && both) roles.gender ??= role(f.name);
    else if (f.type === 'id' && both) roles.id ??= role(f.name);
    else if (f.type === 'id' && fieldColumn(f, 'left') !== undefined) roles.oldId ??= role(f.name);
  }
  return roles;
}
