namespace UI
{
    public class Button : Widget
    {
        private readonly string _label;

        public Button(string label)
        {
            _label = label;
        }

        public override string Render() => base.Render() + Wrap(Label());

        private string Label() => $"[{_label}]";
    }
}
