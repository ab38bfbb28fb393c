namespace UI
{
    public class Widget
    {
        public virtual string Render() => Wrap("widget");

        protected string Wrap(string inner) => $"<div>{inner}</div>";
    }
}
