import { useState, type FormEvent } from 'react';
import type { CompileJobView, CompileRequest, HardwareProfileSpec } from '../../api/views';
import { SLOW_REFRESH_MS, useApiMutation, useApiQuery } from '../../api/hooks';
import { useSession } from '../../app/session';
import { Section } from '../../components/Page';
import { ErrorNotice, QueryState } from '../../components/QueryState';
import { CompileOptionsFields, compileOptions, NO_OPTIONS, type CompileOptionsInput } from './CompileOptionsFields';
import { versionApiPath } from './model-paths';

/**
 * Operators ask for variants here: one job per chosen profile, as `edgeplane compile` does. The
 * variants table above shows each job's progress; asking again for a profile returns its job.
 */
export function CompileSection({ model, version }: { model: string; version: number }) {
  const { api } = useSession();
  const path = versionApiPath(model, version);
  const profiles = useApiQuery<HardwareProfileSpec[]>('/hardware-profiles', undefined, { refreshMs: SLOW_REFRESH_MS });
  const [chosen, setChosen] = useState<string[]>([]);
  const [options, setOptions] = useState<CompileOptionsInput>(NO_OPTIONS);
  const [missing, setMissing] = useState(false);
  const compile = useApiMutation((request: CompileRequest) => api.post<CompileJobView[]>(`${path}/compile`, request), [`${path}/variants`]);

  function toggle(profile: string, on: boolean) {
    setMissing(false);
    setChosen((current) => (on ? [...current, profile] : current.filter((name) => name !== profile)));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (chosen.length === 0) return setMissing(true);
    compile.mutate({ profiles: chosen, options: compileOptions(options) });
  }

  return (
    <Section title={`Compile version ${version}`} id="compile">
      <QueryState query={profiles}>
        {(list) => (
          <form onSubmit={submit} noValidate className="compile-form">
            <fieldset aria-describedby={missing ? 'profiles-missing' : undefined}>
              <legend>Hardware profiles</legend>
              {list.map((profile) => (
                <div key={profile.name} className="checkbox-row">
                  <input
                    type="checkbox"
                    id={`profile-${profile.name}`}
                    checked={chosen.includes(profile.name)}
                    onChange={(event) => toggle(profile.name, event.target.checked)}
                    aria-describedby={`profile-${profile.name}-hint`}
                  />
                  <label htmlFor={`profile-${profile.name}`}>{profile.name}</label>
                  <span id={`profile-${profile.name}-hint`} className="hint">
                    {profile.precision}, {profile.quantization === 'none' ? 'no quantization' : `${profile.quantization} quantization`}: {profile.description}
                  </span>
                </div>
              ))}
            </fieldset>
            {missing && (
              <p id="profiles-missing" className="notice notice-error" role="alert">
                Choose at least one hardware profile.
              </p>
            )}
            <CompileOptionsFields value={options} onChange={setOptions} />
            {compile.isError && <ErrorNotice error={compile.error} />}
            {compile.isSuccess && (
              <p className="notice notice-info" role="status">
                Queued {compile.data.map((job) => job.hardwareProfile).join(', ')}; the variants table shows the progress.
              </p>
            )}
            <div>
              <button type="submit" disabled={compile.isPending}>
                {compile.isPending ? 'Queueing…' : `Compile version ${version}`}
              </button>
            </div>
          </form>
        )}
      </QueryState>
    </Section>
  );
}
