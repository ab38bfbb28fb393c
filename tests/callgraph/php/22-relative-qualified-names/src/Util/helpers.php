<?php

namespace App\Util;

function helper(string $text): string
{
    return "[$text]";
}
