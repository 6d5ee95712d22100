// AugmentationBinder: the augmentation registry (YAML kind → section spec + binder to the typed AugmentationOptions
// record) and the binding of the `augmentation:` list. Values are shape-checked against the section specs, then the
// record's own Validate(channels) runs (the same check AugmentationCatalog uses), and its complaint is reported at the
// offending key's position, e.g. saturation on grayscale images.
using System.Text.Json.Nodes;
using Experiments.ML.Transforms;
using Experiments.Pipelines.Definitions.Yaml;
using static Experiments.Pipelines.Definitions.Binding.ValueShape;

namespace Experiments.Pipelines.Definitions.Binding;

/// <summary>One augmentation kind: its keys and how a checked mapping becomes the options record.</summary>
internal sealed record AugmentationKind(SectionSpec Section, Func<MapView, AugmentationOptions> Bind);

internal static class AugmentationBinder
{
    private static FieldSpec KindField(string kind) => new("kind", Choice, "the augmentation kind") { Required = true, Choices = [kind] };

    private static FieldSpec P(string what) => new("p", Number, $"probability of {what}") { Min = 0, Max = 1, Default = "0.5" };

    private static FieldSpec Interp(string @default) =>
        new("interpolation", Choice, "pixel interpolation") { Choices = DefinitionRegistries.Interpolations.Names.ToArray(), Default = @default };

    private static FieldSpec Fill(string name = "fill") => new(name, Number, "value of pixels from outside the image, in [0, 1]") { Min = 0, Max = 1, Default = "0" };

    private static SectionSpec Section(string kind, string description, params FieldSpec[] fields) =>
        new(kind, description, [KindField(kind), .. fields]) { Kind = kind };

    /// <summary>The explicit kind → binder registry.</summary>
    public static readonly NameRegistry<AugmentationKind> Kinds = new("augmentation kind",
    [
        ("random_horizontal_flip", new AugmentationKind(
            Section("random_horizontal_flip", "torchvision RandomHorizontalFlip.", P("flipping an image left-right")),
            v => v.Number("p") is { } p ? new RandomHorizontalFlipOptions { P = p } : new RandomHorizontalFlipOptions()), "mirror left-right"),
        ("random_vertical_flip", new AugmentationKind(
            Section("random_vertical_flip", "torchvision RandomVerticalFlip.", P("flipping an image upside down")),
            v => v.Number("p") is { } p ? new RandomVerticalFlipOptions { P = p } : new RandomVerticalFlipOptions()), "mirror upside down"),
        ("random_rotation", new AugmentationKind(
            Section("random_rotation", "torchvision RandomRotation: angle ~ U(min, max) degrees.",
                new FieldSpec("degrees", NumberOrRange, "d (meaning [−d, d]) or [min, max]") { Default = "10" },
                Interp("nearest"), Fill()),
            BindRotation), "rotate by a random angle"),
        ("color_jitter", new AugmentationKind(
            Section("color_jitter", "torchvision ColorJitter; b means factors in [max(0, 1 − b), 1 + b]. Saturation and hue need colour images.",
                new FieldSpec("brightness", NumberOrRange, "b or [min, max] factor") { Min = 0 },
                new FieldSpec("contrast", NumberOrRange, "b or [min, max] factor") { Min = 0 },
                new FieldSpec("saturation", NumberOrRange, "b or [min, max] factor (colour only)") { Min = 0 },
                new FieldSpec("hue", NumberOrRange, "h in [0, 0.5] (meaning [−h, h]) or [min, max] within [−0.5, 0.5] (colour only)") { Min = -0.5, Max = 0.5 }),
            BindColorJitter), "random brightness/contrast"),
        ("random_affine", new AugmentationKind(
            Section("random_affine", "torchvision RandomAffine.",
                new FieldSpec("degrees", NumberOrRange, "d (meaning [−d, d]) or [min, max]") { Default = "0" },
                new FieldSpec("translate", NumberPair, "[x, y] maximum shift as fractions of width and height") { Min = 0, Max = 1 },
                new FieldSpec("scale", NumberPair, "[min, max] scale factor") { Min = 0, ExclusiveMin = true },
                new FieldSpec("shear", Shear, "s (x-shear in [−s, s]), [min, max] (x) or [xmin, xmax, ymin, ymax], degrees"),
                Interp("nearest"), Fill()),
            BindAffine), "random rotation, translation, scale and shear"),
        ("random_crop", new AugmentationKind(
            Section("random_crop", "torchvision RandomCrop after zero padding.",
                new FieldSpec("size", IntegerOrPair, "n or [height, width]") { Min = 1, Default = "28" },
                new FieldSpec("padding", Integer, "padding on every border before cropping") { Min = 0, Default = "4" },
                Fill()),
            BindCrop), "pad, then crop at a random position"),
        ("random_erasing", new AugmentationKind(
            Section("random_erasing", "torchvision RandomErasing.", P("erasing a rectangle"),
                new FieldSpec("scale", NumberPair, "[min, max] erased area fraction") { Min = 0, Max = 1, Default = "[0.02, 0.33]" },
                new FieldSpec("ratio", NumberPair, "[min, max] aspect ratio") { Min = 0, ExclusiveMin = true, Default = "[0.3, 3.3]" },
                Fill("value")),
            BindErasing), "blank a random rectangle"),
        ("elastic_distortion", new AugmentationKind(
            Section("elastic_distortion", "Simard et al. (2003) elastic deformation (torchvision ElasticTransform).",
                new FieldSpec("alpha", Number, "displacement magnitude in pixels") { Min = 0, Default = "50" },
                new FieldSpec("sigma", Number, "smoothing σ in pixels") { Min = 0, ExclusiveMin = true, Default = "5" },
                Interp("bilinear"), Fill()),
            BindElastic), "smooth random displacement field"),
    ]);

    /// <summary>Binds the <c>augmentation:</c> list for images with <paramref name="channels"/> channels.</summary>
    public static List<AugmentationOptions> BindList(YNode? node, int channels, ErrorSink errors)
    {
        var result = new List<AugmentationOptions>();
        if (node is null || node is YScalar { IsNull: true }) return result;
        if (node is not YSequence seq)
        {
            errors.Add(node, "augmentation", $"expected a list of steps such as '- {{kind: random_rotation, degrees: 10}}'; found {ScalarReader.Found(node)}.");
            return result;
        }
        for (var i = 0; i < seq.Items.Count; i++)
            if (Bind(seq.Items[i], $"augmentation[{i}]", channels, errors) is { } step) result.Add(step);
        return result;
    }

    private static AugmentationOptions? Bind(YNode node, string path, int channels, ErrorSink errors)
    {
        YNode kindNode;
        YMapping map;
        if (node is YScalar bare && !bare.IsNull)
        {
            kindNode = bare;
            map = new YMapping(bare.Mark, [new(new YScalar(bare.Mark, "kind", true), bare)]);
        }
        else if (node is YMapping m && m.Get("kind") is { } k)
        {
            kindNode = k;
            map = m;
        }
        else
        {
            errors.Add(node, path, $"expected a step with a 'kind' ({string.Join(", ", Kinds.Names)}); found {ScalarReader.Found(node)}{(node is YMapping ? " without 'kind'" : "")}.");
            return null;
        }
        if (!ScalarReader.TryChoice(kindNode, $"{path}.kind", Kinds, errors, out var kind)) return null;
        var before = errors.Count;
        var view = MapView.Open(map, path, kind.Section, errors);
        if (view is null) return null;
        var options = kind.Bind(view);
        if (errors.Count != before) return null;
        try
        {
            options.Validate(channels);
        }
        catch (AugmentationOptionsException e)
        {
            var at = map.Get(e.Key) ?? kindNode;
            errors.Add(at, $"{path}.{e.Key}", e.Message);
            return null;
        }
        return options;
    }

    private static ValueRange Symmetric((double First, double? Second) v, MapView view, string key)
    {
        if (v.Second is { } max) return new ValueRange(v.First, max);
        if (v.First < 0)
            view.Errors.Add(view.Get(key)!, view.PathOf(key), $"expected a single number ≥ 0 (meaning [−d, d]) or [min, max]; found {ScalarReader.Format(v.First)}. Write [{ScalarReader.Format(v.First)}, {ScalarReader.Format(-v.First)}] or {ScalarReader.Format(-v.First)}.");
        return ValueRange.Symmetric(Math.Abs(v.First));
    }

    private static Interpolation? InterpolationOf(MapView v) =>
        v.TryChoice("interpolation", DefinitionRegistries.Interpolations, out var i) ? i : null;

    private static AugmentationOptions BindRotation(MapView v)
    {
        var o = new RandomRotationOptions();
        if (v.NumberOrRange("degrees") is { } d) o = o with { Degrees = Symmetric(d, v, "degrees") };
        if (InterpolationOf(v) is { } i) o = o with { Interpolation = i };
        if (v.Number("fill") is { } f) o = o with { Fill = f };
        return o;
    }

    private static AugmentationOptions BindColorJitter(MapView v)
    {
        static ValueRange? Factor((double First, double? Second)? r) =>
            r is not { } x ? null : x.Second is { } max ? new ValueRange(x.First, max) : ColorJitterOptions.Factor(x.First);
        var o = new ColorJitterOptions
        {
            Brightness = Factor(v.NumberOrRange("brightness")),
            Contrast = Factor(v.NumberOrRange("contrast")),
            Saturation = Factor(v.NumberOrRange("saturation")),
        };
        if (v.NumberOrRange("hue") is { } h) o = o with { Hue = Symmetric(h, v, "hue") };
        return o;
    }

    private static AugmentationOptions BindAffine(MapView v)
    {
        var o = new RandomAffineOptions();
        if (v.NumberOrRange("degrees") is { } d) o = o with { Degrees = Symmetric(d, v, "degrees") };
        if (v.Pair("translate") is { } t) o = o with { Translate = (t.A, t.B) };
        if (v.Pair("scale") is { } s) o = o with { Scale = new ValueRange(s.A, s.B) };
        if (v.Get("shear") is { } shearNode)
        {
            var values = shearNode is YSequence ? v.Numbers("shear") : v.Numbers("shear", allowScalar: true);
            switch (values)
            {
                case null: break;
                case [var x]: o = o with { ShearX = Symmetric((x, null), v, "shear") }; break;
                case [var a, var b]: o = o with { ShearX = new ValueRange(a, b) }; break;
                case [var a, var b, var c, var e]: o = o with { ShearX = new ValueRange(a, b), ShearY = new ValueRange(c, e) }; break;
                default:
                    v.Errors.Add(shearNode, v.PathOf("shear"), $"expected a number, [min, max] or [xmin, xmax, ymin, ymax]; found a list of {values.Count}.");
                    break;
            }
        }
        if (InterpolationOf(v) is { } i) o = o with { Interpolation = i };
        if (v.Number("fill") is { } f) o = o with { Fill = f };
        return o;
    }

    private static AugmentationOptions BindCrop(MapView v)
    {
        var o = new RandomCropOptions();
        if (v.Get("size") is YSequence)
        {
            if (v.Integers("size") is { } hw)
            {
                if (hw.Count == 2) o = o with { Height = hw[0], Width = hw[1] };
                else v.Errors.Add(v.Get("size")!, v.PathOf("size"), $"expected n or [height, width]; found a list of {hw.Count}.");
            }
        }
        else if (v.Integer("size") is { } n) o = o with { Height = n, Width = n };
        if (v.Integer("padding") is { } p) o = o with { Padding = p };
        if (v.Number("fill") is { } f) o = o with { Fill = f };
        return o;
    }

    private static AugmentationOptions BindErasing(MapView v)
    {
        var o = new RandomErasingOptions();
        if (v.Number("p") is { } p) o = o with { P = p };
        if (v.Pair("scale") is { } s) o = o with { Scale = new ValueRange(s.A, s.B) };
        if (v.Pair("ratio") is { } r) o = o with { Ratio = new ValueRange(r.A, r.B) };
        if (v.Number("value") is { } value) o = o with { Value = value };
        return o;
    }

    private static AugmentationOptions BindElastic(MapView v)
    {
        var o = new ElasticDistortionOptions();
        if (v.Number("alpha") is { } a) o = o with { Alpha = a };
        if (v.Number("sigma") is { } s) o = o with { Sigma = s };
        if (InterpolationOf(v) is { } i) o = o with { Interpolation = i };
        if (v.Number("fill") is { } f) o = o with { Fill = f };
        return o;
    }

    /// <summary>The JSON Schema of one step: a bare kind name or a kind mapping.</summary>
    public static JsonObject Schema()
    {
        var options = new JsonArray { new JsonObject { ["enum"] = new JsonArray(Kinds.Names.Select(n => (JsonNode)n!).ToArray()) } };
        foreach (var name in Kinds.Names) options.Add(new JsonObject { ["$ref"] = $"#/$defs/{name}" });
        return new JsonObject { ["oneOf"] = options };
    }
}
