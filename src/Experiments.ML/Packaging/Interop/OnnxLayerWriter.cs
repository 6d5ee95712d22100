// OnnxLayerWriter: walks a Sequential and appends the ONNX nodes of each layer (eval mode), tracking the per-sample
// shape so every layer is checked against what reaches it and Reshape targets are known. Value names are module
// paths ("layers.3"), initializers keep their state-dict keys ("layers.3.weight").
//
//   engine layer              ONNX (opset 17)
//   Linear                    Gemm(x, W, b, transB=1)                     (N, In) → (N, Out)
//   Conv1d / Conv2d           Conv(kernel_shape, strides, pads)           (N, C, L) / (N, C, H, W)
//   BatchNorm1d / 2d          BatchNormalization(epsilon) | folded        running statistics, inference mode
//   MaxPool1d / 2d            MaxPool(kernel_shape, strides, pads)        floor mode
//   AvgPool2d                 AveragePool(..., count_include_pad)
//   AdaptiveAvgPool2d         GlobalAveragePool (1×1) | AveragePool        exact divisions only
//   Flatten / Unflatten       Flatten(axis=1) | Reshape(0, dims...)
//   ReLU, LeakyReLU, Tanh,    Relu, LeakyRelu(alpha), Tanh, Sigmoid,
//   Sigmoid, GELU             GELU as 0.5·x·(1 + Erf(x/√2))              (Gelu is opset 20)
//   Softmax / LogSoftmax      Softmax / LogSoftmax(axis)
//   Dropout                   nothing (identity at inference)
using Experiments.Engine;
using Experiments.Engine.NN;
using Experiments.ML.Packaging.Onnx;

namespace Experiments.ML.Packaging.Interop;

internal sealed class OnnxLayerWriter(OnnxModelBuilder builder, string input, int[] perSampleShape, BatchNormExport batchNorm)
{
    private const string Supported =
        "Linear, Conv1d, Conv2d, BatchNorm1d, BatchNorm2d, MaxPool1d, MaxPool2d, AvgPool2d, AdaptiveAvgPool2d, Flatten, Unflatten, " +
        "Dropout, ReLU, LeakyReLU, Tanh, Sigmoid, GELU, Softmax, LogSoftmax, Sequential";

    /// <summary>The value holding the output of the last written layer.</summary>
    public string Current { get; private set; } = input;

    /// <summary>Per-sample shape (without N) of <see cref="Current"/>.</summary>
    public int[] Shape { get; private set; } = perSampleShape;

    /// <summary>True when the last layer that wrote a node is a Softmax over the class axis.</summary>
    public bool EndsWithSoftmax { get; private set; }

    /// <summary>Writes every layer of <paramref name="sequential"/>; <paramref name="path"/> is its module path.</summary>
    public void WriteSequential(Sequential sequential, string path)
    {
        var layers = sequential.NamedChildren().ToArray();
        for (int i = 0; i < layers.Length; i++)
        {
            var (name, layer) = layers[i];
            var layerPath = $"{path}.{name}";
            // Folding: a Conv/Linear directly followed by a BatchNorm becomes one node with adjusted weights.
            if (batchNorm == BatchNormExport.Folded && i + 1 < layers.Length && layers[i + 1].Module is BatchNormBase bn
                && OutChannels(layer) == bn.NumFeatures)
            {
                var bnPath = $"{path}.{layers[i + 1].Name}";
                WriteWeighted(layer, layerPath, Fold(bn, bnPath));
                i++;
                continue;
            }
            Write(layer, layerPath);
        }
    }

    private void Write(Module layer, string path)
    {
        switch (layer)
        {
            case Sequential s: WriteSequential(s, path); return;
            case Dropout: return; // identity at inference
            case Linear or Engine.NN.Conv1d or Engine.NN.Conv2d: WriteWeighted(layer, path, folded: null); break;
            case BatchNormBase bn: WriteBatchNorm(bn, path); break;
            case MaxPool1d p: Pool("MaxPool", path, 1, (p.KernelSize, 1), (p.Stride, 1), (p.Padding, 0)); break;
            case MaxPool2d p: Pool("MaxPool", path, 2, p.KernelSize, p.Stride, p.Padding); break;
            case AvgPool2d p:
                Pool("AveragePool", path, 2, p.KernelSize, p.Stride, p.Padding, OnnxAttribute.Int("count_include_pad", p.CountIncludePad ? 1 : 0));
                break;
            case AdaptiveAvgPool2d p: WriteAdaptiveAvgPool(p, path); break;
            case Flatten f: WriteFlatten(f, path); break;
            case Unflatten u: WriteUnflatten(u, path); break;
            case ReLU: Node("Relu", path, [Current]); break;
            case LeakyReLU l: Node("LeakyRelu", path, [Current], OnnxAttribute.Float("alpha", l.NegativeSlope)); break;
            case Tanh: Node("Tanh", path, [Current]); break;
            case Sigmoid: Node("Sigmoid", path, [Current]); break;
            case GELU: WriteGelu(path); break;
            case Softmax s: Node("Softmax", path, [Current], OnnxAttribute.Int("axis", Axis(s.Dim, path, "Softmax"))); break;
            case LogSoftmax s: Node("LogSoftmax", path, [Current], OnnxAttribute.Int("axis", Axis(s.Dim, path, "LogSoftmax"))); break;
            default:
                throw new ModelPackageException(
                    $"layer '{path}' is a {layer.TypeName}, which the ONNX exporter does not support. Supported layers: {Supported}. " +
                    "Add its ONNX mapping to OnnxLayerWriter or build the model from supported layers.", path);
        }
        EndsWithSoftmax = layer is Softmax s2 && Shape.Length == 1 && Axis(s2.Dim, path, "Softmax") == 1;
    }

    // ---- Linear / Conv (optionally with a folded BatchNorm: per-output-channel scale and shift) ----

    private void WriteWeighted(Module layer, string path, (double[] Scale, double[] Mean, double[] Beta)? folded)
    {
        var (weight, bias, outChannels) = layer switch
        {
            Linear l => ((Tensor)l.Weight, (Tensor?)l.Bias, l.OutFeatures),
            Engine.NN.Conv1d c => (c.Weight, c.Bias, c.OutChannels),
            Engine.NN.Conv2d c => (c.Weight, c.Bias, c.OutChannels),
            _ => throw new InvalidOperationException(layer.TypeName),
        };
        var w = weight.Data.ToArray();
        float[]? b = bias?.Data.ToArray();
        var suffix = "";
        if (folded is { } f)
        {
            int perChannel = w.Length / outChannels;
            b ??= new float[outChannels];
            for (int o = 0; o < outChannels; o++)
            {
                for (int k = 0; k < perChannel; k++) w[o * perChannel + k] = (float)(w[o * perChannel + k] * f.Scale[o]);
                b[o] = (float)((b[o] - f.Mean[o]) * f.Scale[o] + f.Beta[o]);
            }
            suffix = ".bn_folded";
        }
        var dims = weight.ShapeArray().Select(d => (long)d).ToArray();
        builder.AddInitializer($"{path}.weight{suffix}", w, dims);
        var inputs = new List<string> { Current, $"{path}.weight{suffix}" };
        if (b is not null)
        {
            builder.AddInitializer($"{path}.bias{suffix}", b, b.Length);
            inputs.Add($"{path}.bias{suffix}");
        }
        switch (layer)
        {
            case Linear l:
                Expect(path, "Linear", Shape.Length == 1 && Shape[0] == l.InFeatures, $"(N, {l.InFeatures})");
                Node("Gemm", path, inputs, OnnxAttribute.Int("transB", 1));
                Shape = [l.OutFeatures];
                break;
            case Engine.NN.Conv1d c:
                Expect(path, "Conv1d", Shape.Length == 2 && Shape[0] == c.InChannels, $"(N, {c.InChannels}, L)");
                Node("Conv", path, inputs, OnnxAttribute.Ints("kernel_shape", c.KernelSize), OnnxAttribute.Ints("strides", c.Stride),
                    OnnxAttribute.Ints("pads", c.Padding, c.Padding));
                Shape = [c.OutChannels, Out(Shape[1], c.KernelSize, c.Stride, c.Padding, path)];
                break;
            case Engine.NN.Conv2d c:
                Expect(path, "Conv2d", Shape.Length == 3 && Shape[0] == c.InChannels, $"(N, {c.InChannels}, H, W)");
                Node("Conv", path, inputs, OnnxAttribute.Ints("kernel_shape", c.KernelSize.H, c.KernelSize.W),
                    OnnxAttribute.Ints("strides", c.Stride.H, c.Stride.W),
                    OnnxAttribute.Ints("pads", c.Padding.H, c.Padding.W, c.Padding.H, c.Padding.W));
                Shape = [c.OutChannels, Out(Shape[1], c.KernelSize.H, c.Stride.H, c.Padding.H, path), Out(Shape[2], c.KernelSize.W, c.Stride.W, c.Padding.W, path)];
                break;
        }
        EndsWithSoftmax = false;
    }

    /// <summary>Output channels (features) of a Conv/Linear layer; -1 for any other layer (never folded into).</summary>
    private static int OutChannels(Module layer) => layer switch
    {
        Linear l => l.OutFeatures,
        Engine.NN.Conv1d c => c.OutChannels,
        Engine.NN.Conv2d c => c.OutChannels,
        _ => -1,
    };

    // ---- BatchNorm: y = γ·(x − μ)/√(σ² + eps) + β over dimension 1, with the running statistics ----

    // scale = γ/√(var + eps) per channel, in double; a folded layer computes b' = (b − mean)·scale + β.
    private static (double[] Scale, double[] Mean, double[] Beta) Fold(BatchNormBase bn, string path)
    {
        var (mean, variance) = RunningStatistics(bn, path);
        var scale = new double[bn.NumFeatures];
        var beta = new double[bn.NumFeatures];
        for (int c = 0; c < scale.Length; c++)
        {
            double gamma = bn.Weight?.Data[c] ?? 1.0;
            beta[c] = bn.Bias?.Data[c] ?? 0.0;
            scale[c] = gamma / Math.Sqrt(variance[c] + bn.Eps);
        }
        return (scale, mean, beta);
    }

    private void WriteBatchNorm(BatchNormBase bn, string path)
    {
        Expect(path, bn.TypeName, Shape.Length is >= 1 and <= 3 && Shape[0] == bn.NumFeatures, $"(N, {bn.NumFeatures}, ...)");
        var (mean, variance) = RunningStatistics(bn, path);
        int c = bn.NumFeatures;
        if (batchNorm == BatchNormExport.Folded)
        {
            // Not after a Conv/Linear: x·scale + shift, with constants shaped (C, 1, ...) to broadcast over dimension 1.
            var (scale, foldMean, beta) = Fold(bn, path);
            var shift = new double[c];
            for (int k = 0; k < c; k++) shift[k] = beta[k] - foldMean[k] * scale[k];
            var dims = new long[Shape.Length];
            dims[0] = c;
            for (int d = 1; d < dims.Length; d++) dims[d] = 1;
            builder.AddInitializer($"{path}.bn_scale", scale.Select(v => (float)v).ToArray(), dims);
            builder.AddInitializer($"{path}.bn_shift", shift.Select(v => (float)v).ToArray(), dims);
            builder.AddNode("Mul", [Current, $"{path}.bn_scale"], [$"{path}.scaled"], $"{path}.bn.Mul", null);
            Current = $"{path}.scaled";
            Node("Add", path, [Current, $"{path}.bn_shift"]);
            return;
        }
        builder.AddInitializer($"{path}.weight", bn.Weight is { } w ? w.Data.ToArray() : Enumerable.Repeat(1f, c).ToArray(), c);
        builder.AddInitializer($"{path}.bias", bn.Bias is { } b ? b.Data.ToArray() : new float[c], c);
        builder.AddInitializer($"{path}.running_mean", mean.Select(v => (float)v).ToArray(), c);
        builder.AddInitializer($"{path}.running_var", variance.Select(v => (float)v).ToArray(), c);
        Node("BatchNormalization", path, [Current, $"{path}.weight", $"{path}.bias", $"{path}.running_mean", $"{path}.running_var"],
            OnnxAttribute.Float("epsilon", (float)bn.Eps));
    }

    private static (double[] Mean, double[] Variance) RunningStatistics(BatchNormBase bn, string path)
    {
        if (bn.RunningMean is null || bn.RunningVar is null)
            throw new ModelPackageException(
                $"layer '{path}' ({bn.TypeName}) does not track running statistics, so in eval mode it normalizes with each batch's own statistics, which ONNX inference cannot express. Train with track_running_stats enabled.",
                path);
        var mean = new double[bn.NumFeatures];
        var variance = new double[bn.NumFeatures];
        for (int c = 0; c < mean.Length; c++)
        {
            (mean[c], variance[c]) = (bn.RunningMean.Data[c], bn.RunningVar.Data[c]);
            if (!double.IsFinite(mean[c]) || !(variance[c] >= 0) || !double.IsFinite(variance[c]))
                throw new ModelPackageException(
                    $"layer '{path}' ({bn.TypeName}) channel {c}: expected a finite running mean and a finite running variance ≥ 0; found mean {mean[c]}, variance {variance[c]}. The model diverged; export a checkpoint from before.",
                    path);
        }
        return (mean, variance);
    }

    // ---- Pooling ----

    private void Pool(string op, string path, int spatial, (int H, int W) kernel, (int H, int W) stride, (int H, int W) padding, params OnnxAttribute[] extra)
    {
        var what = spatial == 1 ? "(N, C, L)" : "(N, C, H, W)";
        Expect(path, op, Shape.Length == spatial + 1, what);
        var attributes = new List<OnnxAttribute>();
        if (spatial == 1)
        {
            attributes.Add(OnnxAttribute.Ints("kernel_shape", kernel.H));
            attributes.Add(OnnxAttribute.Ints("strides", stride.H));
            attributes.Add(OnnxAttribute.Ints("pads", padding.H, padding.H));
            Shape = [Shape[0], Out(Shape[1], kernel.H, stride.H, padding.H, path)];
        }
        else
        {
            attributes.Add(OnnxAttribute.Ints("kernel_shape", kernel.H, kernel.W));
            attributes.Add(OnnxAttribute.Ints("strides", stride.H, stride.W));
            attributes.Add(OnnxAttribute.Ints("pads", padding.H, padding.W, padding.H, padding.W));
            Shape = [Shape[0], Out(Shape[1], kernel.H, stride.H, padding.H, path), Out(Shape[2], kernel.W, stride.W, padding.W, path)];
        }
        attributes.AddRange(extra);
        Node(op, path, [Current], [.. attributes]);
    }

    private void WriteAdaptiveAvgPool(AdaptiveAvgPool2d pool, string path)
    {
        Expect(path, "AdaptiveAvgPool2d", Shape.Length == 3, "(N, C, H, W)");
        var (oh, ow) = pool.OutputSize;
        if (oh == 1 && ow == 1)
        {
            Node("GlobalAveragePool", path, [Current]);
            Shape = [Shape[0], 1, 1];
            return;
        }
        if (Shape[1] % oh != 0 || Shape[2] % ow != 0)
            throw new ModelPackageException(
                $"layer '{path}' (AdaptiveAvgPool2d to {oh}×{ow}) receives {Shape[1]}×{Shape[2]}, which does not divide evenly, so its windows overlap unevenly and no single ONNX AveragePool matches; use an output size that divides the input or output size 1.",
                path);
        var (kh, kw) = (Shape[1] / oh, Shape[2] / ow);
        Node("AveragePool", path, [Current], OnnxAttribute.Ints("kernel_shape", kh, kw), OnnxAttribute.Ints("strides", kh, kw));
        Shape = [Shape[0], oh, ow];
    }

    // ---- Shape-only layers ----

    private void WriteFlatten(Flatten flatten, string path)
    {
        int rank = Shape.Length + 1;
        int start = flatten.StartDim < 0 ? flatten.StartDim + rank : flatten.StartDim;
        int end = flatten.EndDim < 0 ? flatten.EndDim + rank : flatten.EndDim;
        if (start < 1 || end >= rank || start > end)
            throw new ModelPackageException(
                $"layer '{path}' (Flatten({flatten.StartDim}, {flatten.EndDim})) on an input of rank {rank}: expected 1 ≤ start ≤ end < {rank}; flattening the batch dimension cannot be exported.",
                path);
        var merged = 1;
        for (int d = start; d <= end; d++) merged *= Shape[d - 1];
        int[] shape = [.. Shape[..(start - 1)], merged, .. Shape[end..]];
        if (start == 1 && end == rank - 1)
            Node("Flatten", path, [Current], OnnxAttribute.Int("axis", 1));
        else
            Reshape(path, shape);
        Shape = shape;
    }

    private void WriteUnflatten(Unflatten unflatten, string path)
    {
        long have = Shape.Aggregate(1L, (a, d) => a * d), want = unflatten.Shape.Aggregate(1L, (a, d) => a * d);
        if (have != want)
            throw new ModelPackageException(
                $"layer '{path}' (Unflatten to [{string.Join(", ", unflatten.Shape)}]) needs {want} values per sample; it receives [{string.Join(", ", Shape)}] = {have}.",
                path);
        Reshape(path, [.. unflatten.Shape]);
        Shape = [.. unflatten.Shape];
    }

    private void Reshape(string path, int[] perSample)
    {
        builder.AddInitializer($"{path}.shape", [0L, .. perSample.Select(d => (long)d)], perSample.Length + 1);
        Node("Reshape", path, [Current, $"{path}.shape"]);
    }

    // GELU(x) = x·Φ(x) = 0.5·x·(1 + erf(x/√2)), PyTorch's exact form (approximate='none').
    private void WriteGelu(string path)
    {
        builder.AddInitializer($"{path}.sqrt2", [MathF.Sqrt(2f)], 1);
        builder.AddInitializer($"{path}.one", [1f], 1);
        builder.AddInitializer($"{path}.half", [0.5f], 1);
        var x = Current;
        builder.AddNode("Div", [x, $"{path}.sqrt2"], [$"{path}.scaled"], $"{path}.gelu.Div", null);
        builder.AddNode("Erf", [$"{path}.scaled"], [$"{path}.erf"], $"{path}.gelu.Erf", null);
        builder.AddNode("Add", [$"{path}.erf", $"{path}.one"], [$"{path}.cdf2"], $"{path}.gelu.Add", null);
        builder.AddNode("Mul", [x, $"{path}.cdf2"], [$"{path}.xcdf2"], $"{path}.gelu.Mul", null);
        Current = $"{path}.xcdf2";
        Node("Mul", path, [Current, $"{path}.half"]);
    }

    // ---- Helpers ----

    /// <summary>Appends a node whose single output is named after the layer path and becomes <see cref="Current"/>.</summary>
    private void Node(string op, string path, IReadOnlyList<string> inputs, params OnnxAttribute[] attributes)
    {
        builder.AddNode(op, inputs, [path], $"{path}.{op}", null, attributes);
        Current = path;
    }

    private int Axis(int dim, string path, string op)
    {
        int rank = Shape.Length + 1;
        int axis = dim < 0 ? dim + rank : dim;
        if (axis < 1 || axis >= rank)
            throw new ModelPackageException($"layer '{path}' ({op}, dim={dim}) on an input of rank {rank}: expected a dimension in 1..{rank - 1} (not the batch dimension).", path);
        return axis;
    }

    private void Expect(string path, string layer, bool fits, string expected)
    {
        if (!fits)
            throw new ModelPackageException(
                $"layer '{path}' ({layer}) expects input {expected}; it receives (N, {string.Join(", ", Shape)}) from the layers before it. Check the network's layer order and sizes.",
                path);
    }

    private static int Out(int size, int kernel, int stride, int padding, string path)
    {
        int output = (size + 2 * padding - kernel) / stride + 1;
        if (size + 2 * padding < kernel || output < 1)
            throw new ModelPackageException($"layer '{path}': input size {size} with padding {padding} is smaller than kernel {kernel}.", path);
        return output;
    }
}
