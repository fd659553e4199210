import { NavLink, Outlet } from 'react-router';
import { useSession, useSessionContext } from './session';

/** Header, navigation and the main landmark around every signed-in page. */
export function Shell() {
  const { caller } = useSession();
  const { signOut } = useSessionContext();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top-bar">
        <span className="brand">Edgeplane</span>
        <nav aria-label="Main">
          <ul>
            <li>
              <NavLink to="/" end>
                Fleet
              </NavLink>
            </li>
            <li>
              <NavLink to="/models">Models</NavLink>
            </li>
            <li>
              <NavLink to="/deployments">Deployments</NavLink>
            </li>
          </ul>
        </nav>
        <div className="who">
          <span>
            {caller.name} <span className="role">({caller.role})</span>
          </span>
          <button type="button" className="button-quiet" onClick={() => signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
