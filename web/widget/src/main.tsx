import { render } from 'preact';
import { App } from './app';
import { startEmbed } from './embed';
import './widget.css';

render(<App />, document.getElementById('app') as HTMLElement);
startEmbed();
