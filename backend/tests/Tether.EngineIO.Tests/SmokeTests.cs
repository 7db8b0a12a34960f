namespace Tether.EngineIO.Tests;
public class SmokeTests { [Fact] public void Works() => Assert.True(true); }
