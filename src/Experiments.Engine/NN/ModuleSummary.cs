// ModuleSummary: torchsummary's table (layer, output shape, parameter count, totals) for a module.
//
// As torchsummary does, it runs one forward pass on a batch of 2 (here: zeros, in eval mode and without
// grad, so batch-norm running statistics and RNG streams are untouched; each module's mode is restored),
// records every module except Sequential containers and the root via forward hooks, prints the batch size
// as -1, and counts each row's own parameters. Totals come from the module's parameters, so a root with
// parameters of its own is still counted (torchsummary misses those).
using System.Globalization;
using System.Text;

namespace Experiments.Engine.NN;

/// <summary>One row of a <see cref="ModuleSummary"/>: <c>Linear-1  [-1, 32]  25,120</c>.</summary>
public sealed record SummaryRow(string Layer, string Name, int[] OutputShape, long ParameterCount);

/// <summary>A torchsummary-style table of a module: rows per layer and parameter totals.</summary>
public sealed class ModuleSummary
{
    private ModuleSummary(int[] inputShape, IReadOnlyList<SummaryRow> rows, long total, long trainable)
    {
        InputShape = inputShape;
        Rows = rows;
        TotalParameters = total;
        TrainableParameters = trainable;
    }

    /// <summary>Input shape of one sample (no batch dimension).</summary>
    public int[] InputShape { get; }

    /// <summary>One row per recorded layer, in the order their forward passes finished.</summary>
    public IReadOnlyList<SummaryRow> Rows { get; }

    /// <summary>All parameter elements.</summary>
    public long TotalParameters { get; }

    /// <summary>Parameter elements with RequiresGrad.</summary>
    public long TrainableParameters { get; }

    /// <summary>Parameter elements without RequiresGrad (frozen).</summary>
    public long NonTrainableParameters => TotalParameters - TrainableParameters;

    internal static ModuleSummary Create(Module model, int[] inputShape)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputShape);
        if (inputShape.Length + 1 > Tensor.MaxRank)
            throw new ArgumentException($"Summary takes the shape of one sample without the batch dimension (at most {Tensor.MaxRank - 1} sizes); got {Tensor.FormatShape(inputShape)}.", nameof(inputShape));

        var rows = new List<SummaryRow>();
        var hooks = new List<IDisposable>();
        var modes = model.NamedModules().Select(m => (m.Module, m.Module.IsTraining)).ToList();
        try
        {
            foreach (var (name, module) in model.NamedModules())
            {
                if (ReferenceEquals(module, model) || module is Sequential) continue;
                string moduleName = name;
                hooks.Add(module.RegisterForwardHook((m, _, output) =>
                {
                    int[] shape = output.ShapeArray();
                    if (shape.Length > 0) shape[0] = -1;
                    rows.Add(new SummaryRow($"{m.TypeName}-{rows.Count + 1}", moduleName, shape, m.ParameterCount(recurse: false)));
                }));
            }
            model.Eval();
            using (Autograd.NoGrad())
                model.Call(Tensor.Zeros([2, .. inputShape]));
        }
        finally
        {
            foreach (var hook in hooks) hook.Dispose();
            foreach (var (module, training) in modes) module.SetOwnMode(training);
        }
        return new ModuleSummary((int[])inputShape.Clone(), rows, model.ParameterCount(), model.ParameterCount(trainableOnly: true));
    }

    /// <summary>The table in torchsummary's layout, with sizes in MB for float32.</summary>
    public override string ToString()
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        string rule = new('-', 64), doubleRule = new('=', 64);
        text.AppendLine(rule);
        text.AppendLine($"{"Layer (type)",20}  {"Output Shape",24} {"Param #",15}");
        text.AppendLine(doubleRule);
        long outputElements = 0;
        foreach (var row in Rows)
        {
            text.AppendLine($"{row.Layer,20}  {Tensor.FormatShape(row.OutputShape),24} {row.ParameterCount.ToString("N0", c),15}");
            outputElements += row.OutputShape.Skip(1).Aggregate(1L, (a, b) => a * b);
        }
        const double mb = 1024.0 * 1024.0;
        double inputMb = InputShape.Aggregate(1L, (a, b) => a * b) * 4.0 / mb;
        double forwardMb = 2.0 * outputElements * 4.0 / mb;   // outputs and their gradients
        double paramsMb = TotalParameters * 4.0 / mb;
        text.AppendLine(doubleRule);
        text.AppendLine($"Total params: {TotalParameters.ToString("N0", c)}");
        text.AppendLine($"Trainable params: {TrainableParameters.ToString("N0", c)}");
        text.AppendLine($"Non-trainable params: {NonTrainableParameters.ToString("N0", c)}");
        text.AppendLine(rule);
        text.AppendLine($"Input size (MB): {inputMb.ToString("F2", c)}");
        text.AppendLine($"Forward/backward pass size (MB): {forwardMb.ToString("F2", c)}");
        text.AppendLine($"Params size (MB): {paramsMb.ToString("F2", c)}");
        text.AppendLine($"Estimated Total Size (MB): {(inputMb + forwardMb + paramsMb).ToString("F2", c)}");
        text.AppendLine(rule);
        return text.ToString();
    }
}
