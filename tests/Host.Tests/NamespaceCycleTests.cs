using Mono.Cecil;
using Mono.Cecil.Cil;

namespace HfTrain.Host.Tests;

/// <summary>
/// Folders (= namespaces) inside Engine and inside Host form no cycle: a helper two concepts use sits below both.
/// Read from the compiled IL — signatures, fields, locals, the types and members each instruction names — so it
/// cannot drift from the code.
/// </summary>
public sealed class NamespaceCycleTests
{
    [Theory]
    [InlineData("HfTrain.Engine")]
    [InlineData("hf-train")]
    public void Namespaces_inside_an_assembly_form_no_cycle(string assembly)
    {
        var edges = NamespaceGraph.Read(Path.Combine(AppContext.BaseDirectory, assembly + ".dll"));
        var cycles = NamespaceGraph.Cycles(edges.Keys.Select(k => k.From).Concat(edges.Keys.Select(k => k.To)).Distinct(), edges.Keys);
        Assert.True(cycles.Count == 0, string.Join("\n", cycles.Select(c =>
            $"cycle {string.Join(" ↔ ", c)}:\n" + string.Join("\n", edges.Where(e => c.Contains(e.Key.From) && c.Contains(e.Key.To))
                .Select(e => $"  {e.Key.From} → {e.Key.To} ({e.Value})")))));
    }

    [Fact]
    public void The_reader_sees_a_known_edge()
    {
        var edges = NamespaceGraph.Read(Path.Combine(AppContext.BaseDirectory, "hf-train.dll"));
        Assert.Contains(edges.Keys, e => e.From == "HfTrain.Host.Commands" && e.To == "HfTrain.Host.Plugins");
    }
}

/// <summary>Namespace → namespace references of one assembly's own types, each with one example (type → type).</summary>
internal static class NamespaceGraph
{
    public static Dictionary<(string From, string To), string> Read(string path)
    {
        using var module = ModuleDefinition.ReadModule(path);
        var own = module.GetTypes().Select(t => t.FullName).ToHashSet();
        var edges = new Dictionary<(string, string), string>();
        foreach (TypeDefinition type in module.GetTypes())
        {
            string from = Namespace(type);
            if (from.Length == 0)
                continue;
            foreach (TypeReference? used in Uses(type))
            {
                if (used is null)                                   // e.g. a function pointer's missing parts
                    continue;
                foreach (TypeReference element in Elements(used))
                {
                    if (element is null || !own.Contains(element.FullName) || element.Resolve() is not { } target)
                        continue;
                    string to = Namespace(target);
                    if (to.Length > 0 && to != from)
                        edges.TryAdd((from, to), $"{type.FullName} uses {target.FullName}");
                }
            }
        }
        return edges;
    }

    static string Namespace(TypeDefinition type) => type.DeclaringType is { } outer ? Namespace(outer) : type.Namespace;

    static IEnumerable<TypeReference> Elements(TypeReference type)
    {
        switch (type)
        {
            case GenericInstanceType generic:
                yield return generic.ElementType;
                foreach (var argument in generic.GenericArguments.SelectMany(Elements))
                    yield return argument;
                break;
            case TypeSpecification spec:
                foreach (var element in Elements(spec.ElementType))
                    yield return element;
                break;
            default:
                yield return type;
                break;
        }
    }

    static IEnumerable<TypeReference> Uses(TypeDefinition type)
    {
        if (type.BaseType is not null)
            yield return type.BaseType;
        foreach (var i in type.Interfaces)
            yield return i.InterfaceType;
        foreach (var a in type.CustomAttributes)
            yield return a.AttributeType;
        foreach (var f in type.Fields)
            yield return f.FieldType;
        foreach (var p in type.Properties)
            yield return p.PropertyType;
        foreach (var m in type.Methods)
        {
            yield return m.ReturnType;
            foreach (var p in m.Parameters)
                yield return p.ParameterType;
            if (!m.HasBody)
                continue;
            foreach (var v in m.Body.Variables)
                yield return v.VariableType;
            foreach (Instruction instruction in m.Body.Instructions)
            {
                switch (instruction.Operand)
                {
                    case TypeReference t:
                        yield return t;
                        break;
                    case MethodReference method:
                        yield return method.DeclaringType;
                        yield return method.ReturnType;
                        foreach (var p in method.Parameters)
                            yield return p.ParameterType;
                        if (method is GenericInstanceMethod g)
                            foreach (var argument in g.GenericArguments)
                                yield return argument;
                        break;
                    case FieldReference field:
                        yield return field.DeclaringType;
                        yield return field.FieldType;
                        break;
                }
            }
        }
    }

    /// <summary>Strongly connected components of more than one namespace (Tarjan).</summary>
    public static List<List<string>> Cycles(IEnumerable<string> nodes, IEnumerable<(string From, string To)> edges)
    {
        var next = edges.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).ToList());
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var result = new List<List<string>>();
        void Visit(string v)
        {
            index[v] = low[v] = index.Count;
            stack.Push(v);
            onStack.Add(v);
            foreach (string w in next.GetValueOrDefault(v, []))
            {
                if (!index.ContainsKey(w))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (onStack.Contains(w))
                    low[v] = Math.Min(low[v], index[w]);
            }
            if (low[v] != index[v])
                return;
            var component = new List<string>();
            string x;
            do
            {
                x = stack.Pop();
                onStack.Remove(x);
                component.Add(x);
            }
            while (x != v);
            if (component.Count > 1)
                result.Add(component.Order(StringComparer.Ordinal).ToList());
        }
        foreach (string node in nodes)
        {
            if (!index.ContainsKey(node))
                Visit(node);
        }
        return result;
    }
}
