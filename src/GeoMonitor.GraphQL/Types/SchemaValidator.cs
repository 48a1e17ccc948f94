using System.Text.RegularExpressions;

namespace GeoMonitor.GraphQL.Types;

/// <summary>
/// The type system's validity rules (spec 3 "Type Validation" sections of each type kind, 3.3.1 Root Operation Types,
/// 3.13 directive validation). Returns every problem instead of stopping at the first.
/// </summary>
internal static partial class SchemaValidator
{
    [GeneratedRegex("^[_a-zA-Z][_a-zA-Z0-9]*$")]
    private static partial Regex NamePattern();

    public static List<string> Validate(Schema schema)
    {
        var errors = new List<string>();
        if (schema.Query is null) errors.Add("Query root type must be provided.");
        foreach (var d in schema.Directives) ValidateDirective(d, errors);
        foreach (var type in schema.Types.Values)
        {
            if (type.Name.StartsWith("__", StringComparison.Ordinal)) continue;
            ValidateName(type.Name, errors);
            switch (type)
            {
                case ObjectType o:
                    ValidateFields(o, errors);
                    ValidateInterfaces(schema, o, errors);
                    break;
                case InterfaceType i:
                    ValidateFields(i, errors);
                    ValidateInterfaces(schema, i, errors);
                    break;
                case UnionType u:
                    ValidateUnion(u, errors);
                    break;
                case EnumType e:
                    ValidateEnum(e, errors);
                    break;
                case InputObjectType io:
                    ValidateInputObject(io, errors);
                    break;
            }
        }
        ValidateInputObjectCycles(schema, errors);
        return errors;
    }

    private static void ValidateName(string name, List<string> errors)
    {
        if (name.StartsWith("__", StringComparison.Ordinal))
            errors.Add($"Name \"{name}\" must not begin with \"__\", which is reserved by GraphQL introspection.");
        else if (!NamePattern().IsMatch(name))
            errors.Add($"Names must only contain [_a-zA-Z0-9] but \"{name}\" does not.");
    }

    private static void ValidateDirective(DirectiveDefinition d, List<string> errors)
    {
        ValidateName(d.Name, errors);
        if (d.Locations.Count == 0) errors.Add($"Directive @{d.Name} must include 1 or more locations.");
        var names = new HashSet<string>();
        foreach (var a in d.Arguments)
        {
            ValidateName(a.Name, errors);
            if (!names.Add(a.Name)) errors.Add($"Argument @{d.Name}({a.Name}:) can only be defined once.");
            if (!a.Type.IsInputType()) errors.Add($"The type of @{d.Name}({a.Name}:) must be Input Type but got: {a.Type}.");
            if (a.IsRequired() && a.IsDeprecated) errors.Add($"Required argument @{d.Name}({a.Name}:) cannot be deprecated.");
        }
    }

    private static void ValidateFields(ComplexType type, List<string> errors)
    {
        if (type.Fields.Count == 0) errors.Add($"Type {type.Name} must define one or more fields.");
        foreach (var f in type.Fields.Values)
        {
            ValidateName(f.Name, errors);
            if (!f.Type.IsOutputType()) errors.Add($"The type of {type.Name}.{f.Name} must be Output Type but got: {f.Type}.");
            var names = new HashSet<string>();
            foreach (var a in f.Arguments)
            {
                ValidateName(a.Name, errors);
                if (!names.Add(a.Name)) errors.Add($"Argument {type.Name}.{f.Name}({a.Name}:) can only be defined once.");
                if (!a.Type.IsInputType()) errors.Add($"The type of {type.Name}.{f.Name}({a.Name}:) must be Input Type but got: {a.Type}.");
                if (a.IsRequired() && a.IsDeprecated) errors.Add($"Required argument {type.Name}.{f.Name}({a.Name}:) cannot be deprecated.");
            }
        }
    }

    private static void ValidateInterfaces(Schema schema, ComplexType type, List<string> errors)
    {
        var seen = new HashSet<InterfaceType>();
        foreach (var iface in type.Interfaces)
        {
            if (ReferenceEquals(iface, type))
            {
                errors.Add($"Type {type.Name} cannot implement itself because it would create a circular reference.");
                continue;
            }
            if (!seen.Add(iface))
            {
                errors.Add($"Type {type.Name} can only implement {iface.Name} once.");
                continue;
            }
            // Spec 3.7: an implementation must also declare every interface its interfaces implement.
            foreach (var transitive in iface.Interfaces)
            {
                if (!type.Interfaces.Contains(transitive))
                {
                    errors.Add(ReferenceEquals(transitive, type)
                        ? $"Type {type.Name} cannot implement {iface.Name} because it would create a circular reference."
                        : $"Type {type.Name} must implement {transitive.Name} because it is implemented by {iface.Name}.");
                }
            }
            ValidateImplementation(schema, type, iface, errors);
        }
    }

    private static void ValidateImplementation(Schema schema, ComplexType type, InterfaceType iface, List<string> errors)
    {
        foreach (var ifaceField in iface.Fields.Values)
        {
            var field = type.GetField(ifaceField.Name);
            if (field is null)
            {
                errors.Add($"Interface field {iface.Name}.{ifaceField.Name} expected but {type.Name} does not provide it.");
                continue;
            }
            if (!TypeComparators.IsTypeSubTypeOf(schema, field.Type, ifaceField.Type))
            {
                errors.Add($"Interface field {iface.Name}.{ifaceField.Name} expects type {ifaceField.Type} but {type.Name}.{field.Name} is type {field.Type}.");
            }
            foreach (var ifaceArg in ifaceField.Arguments)
            {
                var arg = field.GetArgument(ifaceArg.Name);
                if (arg is null)
                {
                    errors.Add($"Interface field argument {iface.Name}.{ifaceField.Name}({ifaceArg.Name}:) expected but {type.Name}.{field.Name} does not provide it.");
                }
                else if (!TypeComparators.IsEqualType(ifaceArg.Type, arg.Type))
                {
                    errors.Add($"Interface field argument {iface.Name}.{ifaceField.Name}({ifaceArg.Name}:) expects type {ifaceArg.Type} but {type.Name}.{field.Name}({arg.Name}:) is type {arg.Type}.");
                }
            }
            foreach (var arg in field.Arguments)
            {
                if (arg.IsRequired() && ifaceField.GetArgument(arg.Name) is null)
                {
                    errors.Add($"Object field {type.Name}.{field.Name} includes required argument {arg.Name} that is missing from the Interface field {iface.Name}.{ifaceField.Name}.");
                }
            }
        }
    }

    private static void ValidateUnion(UnionType u, List<string> errors)
    {
        if (u.Types.Count == 0) errors.Add($"Union type {u.Name} must define one or more member types.");
        var seen = new HashSet<ObjectType>();
        foreach (var m in u.Types)
        {
            if (!seen.Add(m)) errors.Add($"Union type {u.Name} can only include type {m.Name} once.");
        }
    }

    private static void ValidateEnum(EnumType e, List<string> errors)
    {
        if (e.Values.Count == 0) errors.Add($"Enum type {e.Name} must define one or more values.");
        foreach (var v in e.Values)
        {
            ValidateName(v.Name, errors);
            if (v.Name is "true" or "false" or "null") errors.Add($"Enum type {e.Name} cannot include value: {v.Name}.");
        }
    }

    private static void ValidateInputObject(InputObjectType io, List<string> errors)
    {
        if (io.Fields.Count == 0) errors.Add($"Input Object type {io.Name} must define one or more fields.");
        foreach (var f in io.Fields.Values)
        {
            ValidateName(f.Name, errors);
            if (!f.Type.IsInputType()) errors.Add($"The type of {io.Name}.{f.Name} must be Input Type but got: {f.Type}.");
            if (f.IsRequired() && f.IsDeprecated) errors.Add($"Required input field {io.Name}.{f.Name} cannot be deprecated.");
        }
    }

    /// <summary>Spec 3.10.1: an input object must not reach itself through non-null, non-list fields, since no finite value could exist.</summary>
    private static void ValidateInputObjectCycles(Schema schema, List<string> errors)
    {
        var visited = new HashSet<InputObjectType>();
        var path = new List<string>();
        var pathIndex = new Dictionary<InputObjectType, int>();
        void Detect(InputObjectType type)
        {
            if (!visited.Add(type)) return;
            pathIndex[type] = path.Count;
            foreach (var field in type.Fields.Values)
            {
                if (field.Type is not NonNullType { OfType: InputObjectType target }) continue;
                path.Add(field.Name);
                if (pathIndex.TryGetValue(target, out var start))
                {
                    errors.Add($"Cannot reference Input Object \"{target.Name}\" within itself through a series of non-null fields: \"{string.Join('.', path.Skip(start))}\".");
                }
                else
                {
                    Detect(target);
                }
                path.RemoveAt(path.Count - 1);
            }
            pathIndex.Remove(type);
        }
        foreach (var t in schema.Types.Values.OfType<InputObjectType>()) Detect(t);
    }
}
