<?php

namespace App\Reports;

use function App\Html\format;

class HtmlReport
{
    public function render(string $body): string
    {
        return format($body);
    }
}
