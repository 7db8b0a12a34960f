namespace VideoConf.Domain;

internal sealed class PollOption
{
    public string Text { get; set; } = "";
    public int Votes { get; set; }
}
