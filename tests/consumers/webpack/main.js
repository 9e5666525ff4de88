import { run } from '../shared/app.js';
import input from '../../fixtures/tally/co_owner/input.json';

run(document.getElementById('out'), JSON.stringify(input));
