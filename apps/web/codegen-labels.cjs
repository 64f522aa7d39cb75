// A graphql-codegen plugin: each enum of the schema whose values all have a description (the gateway writes the
// domain's Chinese label there) becomes `<Enum>Labels`, so the console shows the domain's words without copying them.
const { isEnumType } = require('graphql');

/** @type {import('@graphql-codegen/plugin-helpers').PluginFunction} */
function plugin(schema) {
  const enums = Object.values(schema.getTypeMap()).filter(
    (type) => isEnumType(type) && !type.name.startsWith('__') && type.getValues().every((v) => v.description),
  );
  return enums.map(labelsOf).join('\n\n') + '\n';
}

function labelsOf(type) {
  // In the order of the file's definition (codegen sorts what it loads): the domain's, which pages list them in.
  const values = type.astNode ? type.astNode.values.map((v) => type.getValue(v.name.value)) : type.getValues();
  // The key type is spelled out: the client preset's ./graphql declares only the enums the operations use.
  return [
    `type ${type.name} = ${values.map((v) => `'${v.name}'`).join(' | ')};`,
    `export const ${type.name}Labels: Readonly<Record<${type.name}, string>> = {`,
    ...values.map((v) => `  ${v.name}: ${JSON.stringify(v.description)},`),
    '};',
  ].join('\n');
}

module.exports = { plugin };
