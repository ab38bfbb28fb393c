<?php

namespace App\Reports;

use function App\Text\format;
use function App\Text\title;

class TextReport
{
    public function render(string $body): string
    {
        return title('report') . "\n" . format($body);
    }
}
