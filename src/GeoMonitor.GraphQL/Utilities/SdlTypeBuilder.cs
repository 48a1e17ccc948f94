using GeoMonitor.GraphQL.Execution;
using GeoMonitor.GraphQL.Language;
using GeoMonitor.GraphQL.Types;

namespace GeoMonitor.GraphQL.Utilities;

/// <summary>
/// Turns type-system definitions and extensions (spec 3) into type objects. Types are created as empty shells first
/// and filled in a second pass, so definitions may refer to each other in any order and recursively.
/// </summary>
internal sealed class SdlTypeBuilder
{
    private readonly Dictionary<string, TypeDefinitionNode> _definitions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<TypeExtensionNode>> _extensions = new(StringComparer.Ordinal);
    private readonly List<DirectiveDefinitionNode> _directiveNodes = [];
    private readonly List<SchemaExtensionNode> _schemaExtensions = [];
    private readonly IReadOnlyDictionary<string, ScalarType> _customScalars;
    private readonly Func<string, NamedType?>? _externalTypes;
    private readonly List<(InputValueDefinition Value, string Owner)> _defaults = [];

    public SdlTypeBuilder(IEnumerable<DocumentNode> documents, IReadOnlyDictionary<string, ScalarType>? customScalars = null, Func<string, NamedType?>? externalTypes = null)
    {
        _customScalars = customScalars ?? new Dictionary<string, ScalarType>();
        _externalTypes = externalTypes;
        foreach (var definition in documents.SelectMany(d => d.Definitions))
        {
            switch (definition)
            {
                case SchemaDefinitionNode schema:
                    if (SchemaDefinition is not null) Errors.Add("Must provide only one schema definition.");
                    SchemaDefinition = schema;
                    break;
                case SchemaExtensionNode ext:
                    _schemaExtensions.Add(ext);
                    break;
                case TypeDefinitionNode type:
                    if (!_definitions.TryAdd(type.Name.Value, type))
                        Errors.Add($"There can be only one type named \"{type.Name.Value}\".");
                    break;
                case TypeExtensionNode ext:
                    if (!_extensions.TryGetValue(ext.Name.Value, out var list)) _extensions[ext.Name.Value] = list = [];
                    list.Add(ext);
                    break;
                case DirectiveDefinitionNode directive:
                    _directiveNodes.Add(directive);
                    break;
                case ExecutableDefinitionNode executable:
                    Errors.Add($"The {(executable is FragmentDefinitionNode ? "fragment" : "operation")} definition is not allowed in a schema definition.");
                    break;
            }
        }
    }

    public List<string> Errors { get; } = [];

    public Dictionary<string, NamedType> Types { get; } = new(StringComparer.Ordinal);

    public List<DirectiveDefinition> Directives { get; } = [];

    public SchemaDefinitionNode? SchemaDefinition { get; private set; }

    public ObjectType? Query { get; private set; }

    public ObjectType? Mutation { get; private set; }

    public ObjectType? Subscription { get; private set; }

    public void Build()
    {
        foreach (var (name, node) in _definitions) Types[name] = CreateShell(node);
        foreach (var name in _extensions.Keys)
        {
            if (!_definitions.ContainsKey(name))
                Errors.Add($"Cannot extend type \"{name}\" because it is not defined.");
        }
        foreach (var node in _directiveNodes)
        {
            if (Directives.Any(d => d.Name == node.Name.Value))
            {
                Errors.Add($"There can be only one directive named \"@{node.Name.Value}\".");
                continue;
            }
            var locations = node.Locations.Select(l => DirectiveLocationNames.TryParse(l.Value, out var loc) ? loc : DirectiveLocation.Query);
            var directive = new DirectiveDefinition(node.Name.Value, locations, node.Description?.Value, node.Repeatable) { AstNode = node };
            foreach (var arg in node.Arguments) directive.AddArgument(BuildInputValue(arg, "@" + node.Name.Value));
            Directives.Add(directive);
        }
        foreach (var specified in SpecifiedDirectives.All)
        {
            if (Directives.All(d => d.Name != specified.Name)) Directives.Add(specified);
        }
        foreach (var (name, node) in _definitions) Fill(Types[name], node, _extensions.GetValueOrDefault(name) ?? []);
        foreach (var (value, owner) in _defaults)
        {
            var coerced = ValueCoercion.ValueFromAst(value.DefaultValueLiteral, value.Type, null);
            if (coerced == ValueCoercion.Undefined)
                Errors.Add($"{owner} has invalid default value {Printer.Print(value.DefaultValueLiteral!)}.");
            else
                value.SetCoercedDefault(coerced);
        }
        ResolveRootTypes();
    }

    private void ResolveRootTypes()
    {
        var operationTypes = (SchemaDefinition?.OperationTypes ?? []).Concat(_schemaExtensions.SelectMany(e => e.OperationTypes)).ToList();
        if (SchemaDefinition is null)
        {
            // Without a schema definition the conventional names are the roots; schema extensions may add to them.
            Query = Types.GetValueOrDefault("Query") as ObjectType;
            Mutation = Types.GetValueOrDefault("Mutation") as ObjectType;
            Subscription = Types.GetValueOrDefault("Subscription") as ObjectType;
        }
        var seen = new HashSet<OperationType>();
        foreach (var op in operationTypes)
        {
            if (!seen.Add(op.Operation)) Errors.Add($"There can be only one {Printer.OperationName(op.Operation)} type in schema.");
            var type = GetNamed(op.Type);
            if (type is not ObjectType obj)
            {
                if (type is not null)
                    Errors.Add($"{Capitalize(Printer.OperationName(op.Operation))} root type must be Object type, it cannot be {type.Name}.");
                continue;
            }
            switch (op.Operation)
            {
                case OperationType.Query: Query = obj; break;
                case OperationType.Mutation: Mutation = obj; break;
                default: Subscription = obj; break;
            }
        }
    }

    private static string Capitalize(string s) => char.ToUpperInvariant(s[0]) + s[1..];

    private NamedType CreateShell(TypeDefinitionNode node)
    {
        var name = node.Name.Value;
        var description = node.Description?.Value;
        NamedType type = node switch
        {
            ScalarTypeDefinitionNode => BuiltInScalars.IsBuiltIn(name)
                ? BuiltInScalars.All.First(s => s.Name == name)
                : _customScalars.TryGetValue(name, out var custom) ? custom : new ScalarType(name, description: description),
            ObjectTypeDefinitionNode => new ObjectType(name, description),
            InterfaceTypeDefinitionNode => new InterfaceType(name, description),
            UnionTypeDefinitionNode => new UnionType(name, description),
            EnumTypeDefinitionNode => new EnumType(name, description),
            InputObjectTypeDefinitionNode => new InputObjectType(name, description),
            _ => throw new InvalidOperationException($"Unknown type definition {node.GetType().Name}."),
        };
        if (!BuiltInScalars.IsBuiltIn(name))
        {
            type.Description ??= description;
            type.AstNode = node;
        }
        return type;
    }

    private void Fill(NamedType type, TypeDefinitionNode node, List<TypeExtensionNode> extensions)
    {
        if (BuiltInScalars.IsBuiltIn(type.Name)) return;
        type.ExtensionAstNodes = extensions;
        switch (type, node)
        {
            case (ScalarType scalar, ScalarTypeDefinitionNode def):
                ExpectExtensions<ScalarTypeExtensionNode>(type, extensions);
                var specifiedBy = def.Directives.Concat(extensions.SelectMany(e => e.Directives)).FirstOrDefault(d => d.Name.Value == "specifiedBy");
                if (specifiedBy?.Arguments.FirstOrDefault(a => a.Name.Value == "url")?.Value is StringValueNode url) scalar.SpecifiedByUrl = url.Value;
                break;
            case (ObjectType obj, ObjectTypeDefinitionNode def):
                ExpectExtensions<ObjectTypeExtensionNode>(type, extensions);
                var objExt = extensions.OfType<ObjectTypeExtensionNode>().ToList();
                FillComplex(obj, def.Interfaces.Concat(objExt.SelectMany(e => e.Interfaces)), def.Fields.Concat(objExt.SelectMany(e => e.Fields)));
                break;
            case (InterfaceType iface, InterfaceTypeDefinitionNode def):
                ExpectExtensions<InterfaceTypeExtensionNode>(type, extensions);
                var ifaceExt = extensions.OfType<InterfaceTypeExtensionNode>().ToList();
                FillComplex(iface, def.Interfaces.Concat(ifaceExt.SelectMany(e => e.Interfaces)), def.Fields.Concat(ifaceExt.SelectMany(e => e.Fields)));
                break;
            case (UnionType union, UnionTypeDefinitionNode def):
                ExpectExtensions<UnionTypeExtensionNode>(type, extensions);
                foreach (var member in def.Types.Concat(extensions.OfType<UnionTypeExtensionNode>().SelectMany(e => e.Types)))
                {
                    var memberType = GetNamed(member);
                    if (memberType is ObjectType o) union.AddType(o);
                    else if (memberType is not null)
                        Errors.Add($"Union type {union.Name} can only include Object types, it cannot include {memberType.Name}.");
                }
                break;
            case (EnumType enumType, EnumTypeDefinitionNode def):
                ExpectExtensions<EnumTypeExtensionNode>(type, extensions);
                foreach (var valueNode in def.Values.Concat(extensions.OfType<EnumTypeExtensionNode>().SelectMany(e => e.Values)))
                {
                    var value = new EnumValueDefinition(valueNode.Name.Value, null, valueNode.Description?.Value)
                    {
                        DeprecationReason = DeprecationReason(valueNode.Directives),
                        AstNode = valueNode,
                    };
                    Try(() => enumType.AddValue(value));
                }
                break;
            case (InputObjectType input, InputObjectTypeDefinitionNode def):
                ExpectExtensions<InputObjectTypeExtensionNode>(type, extensions);
                foreach (var fieldNode in def.Fields.Concat(extensions.OfType<InputObjectTypeExtensionNode>().SelectMany(e => e.Fields)))
                {
                    Try(() => input.AddField(BuildInputValue(fieldNode, input.Name, isInputField: true)));
                }
                break;
        }
    }

    private void ExpectExtensions<T>(NamedType type, List<TypeExtensionNode> extensions)
        where T : TypeExtensionNode
    {
        foreach (var ext in extensions)
        {
            if (ext is not T) Errors.Add($"Cannot extend non-{KindName(type)} type \"{type.Name}\".");
        }
    }

    private static string KindName(NamedType type) => type switch
    {
        ScalarType => "scalar",
        ObjectType => "object",
        InterfaceType => "interface",
        UnionType => "union",
        EnumType => "enum",
        _ => "input object",
    };

    private void FillComplex(ComplexType type, IEnumerable<NamedTypeNode> interfaces, IEnumerable<FieldDefinitionNode> fields)
    {
        foreach (var i in interfaces)
        {
            var iface = GetNamed(i);
            if (iface is InterfaceType it) type.AddInterface(it);
            else if (iface is not null)
                Errors.Add($"Type {type.Name} must only implement Interface types, it cannot implement {iface.Name}.");
        }
        foreach (var fieldNode in fields)
        {
            var fieldType = GetType(fieldNode.Type);
            if (fieldType is null) continue;
            var field = new FieldDefinition(fieldNode.Name.Value, fieldType, fieldNode.Description?.Value)
            {
                DeprecationReason = DeprecationReason(fieldNode.Directives),
                AstNode = fieldNode,
            };
            var argNames = new HashSet<string>(StringComparer.Ordinal);
            foreach (var argNode in fieldNode.Arguments)
            {
                if (!argNames.Add(argNode.Name.Value))
                {
                    Errors.Add($"Argument \"{type.Name}.{field.Name}({argNode.Name.Value}:)\" can only be defined once.");
                    continue;
                }
                field.AddArgument(BuildInputValue(argNode, $"{type.Name}.{field.Name}"));
            }
            Try(() => type.AddField(field));
        }
    }

    private InputValueDefinition BuildInputValue(InputValueDefinitionNode node, string owner, bool isInputField = false)
    {
        var type = GetType(node.Type) ?? BuiltInScalars.String;
        var value = new InputValueDefinition(node.Name.Value, type, node.Description?.Value)
        {
            DeprecationReason = DeprecationReason(node.Directives),
            AstNode = node,
        };
        if (node.DefaultValue is not null)
        {
            value.WithDefault(node.DefaultValue);
            _defaults.Add((value, isInputField ? $"{owner}.{value.Name}" : $"{owner}({value.Name}:)"));
        }
        return value;
    }

    private static string? DeprecationReason(IReadOnlyList<DirectiveNode> directives)
    {
        var deprecated = directives.FirstOrDefault(d => d.Name.Value == "deprecated");
        if (deprecated is null) return null;
        return deprecated.Arguments.FirstOrDefault(a => a.Name.Value == "reason")?.Value is StringValueNode s
            ? s.Value
            : SpecifiedDirectives.DefaultDeprecationReason;
    }

    private GraphQLType? GetType(TypeNode node) => node switch
    {
        NamedTypeNode named => GetNamed(named),
        ListTypeNode list => GetType(list.Type) is { } inner ? new ListType(inner) : null,
        NonNullTypeNode nonNull => GetType(nonNull.Type) is { } inner ? new NonNullType(inner) : null,
        _ => null,
    };

    private NamedType? GetNamed(NamedTypeNode node)
    {
        var name = node.Name.Value;
        if (Types.TryGetValue(name, out var type)) return type;
        if (BuiltInScalars.IsBuiltIn(name))
        {
            var scalar = BuiltInScalars.All.First(s => s.Name == name);
            Types[name] = scalar;
            return scalar;
        }
        if (_externalTypes?.Invoke(name) is { } external) return external;
        Errors.Add($"Unknown type \"{name}\".");
        return null;
    }

    private void Try(Action action)
    {
        try
        {
            action();
        }
        catch (SchemaException ex)
        {
            Errors.AddRange(ex.Errors);
        }
    }
}
