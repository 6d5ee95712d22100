using Experiments.ML.Data;

namespace Experiments.ML.Tests.Views;

public class PixelScalingTests
{
    [Fact]
    public void EveryLength0To200_SimdMatchesScalarTwinAndByteOver255Exactly()
    {
        for (int length = 0; length <= 200; length++)
        {
            byte[] source = Enumerable.Range(0, length).Select(i => (byte)((i * 37 + length) % 256)).ToArray();
            var simd = new float[length + 1];
            var scalar = new float[length + 1];
            simd[length] = scalar[length] = -1f; // must stay untouched
            PixelScaling.ToUnitInterval(source, simd);
            PixelScaling.ToUnitIntervalScalar(source, scalar);
            float[] expected = source.Select(b => b / 255f).Append(-1f).ToArray();
            Assert.True(expected.SequenceEqual(simd), $"length {length}, SIMD: {SyntheticImages.FirstMismatches(expected, simd)}");
            Assert.True(expected.SequenceEqual(scalar), $"length {length}, scalar: {SyntheticImages.FirstMismatches(expected, scalar)}");
        }
    }

    [Fact]
    public void AllByteValues_MapIntoZeroOne_WithEndsExact()
    {
        byte[] all = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var values = new float[256];
        PixelScaling.ToUnitInterval(all, values);
        Assert.Equal(0f, values[0]);
        Assert.Equal(1f, values[255]);
        for (int b = 1; b < 256; b++)
            Assert.True(values[b] > values[b - 1], $"not increasing at byte {b}: {values[b - 1]} then {values[b]}");
    }

    [Fact]
    public void ShortDestination_IsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => PixelScaling.ToUnitInterval(new byte[40], new float[39]));
        Assert.Contains("holds 39 floats but the source has 40 bytes", error.Message);
    }
}
